using System.Security.Cryptography;
using System.Text;
using MarketoExport.Activities.Landing;
using MarketoExport.Cli;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;

namespace MarketoExport.Reliability.Tests;

/// <summary>A backfill killed mid-window resumes with the same job, lands its range once in its own folder, and never moves the object's mark.</summary>
public sealed class BackfillCrashTests
{
    private static readonly DateTime From = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime To = new(2026, 2, 28, 23, 59, 59, DateTimeKind.Utc);
    private static readonly DateTime ObjectMark = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Backfill_KilledAfterCreate_RerunResumesLandsTheRangeOnceAndLeavesTheObjectsMark()
    {
        await using var world = new ReliabilityWorld();
        await world.StartSimulatorAsync(SimulatorPresets.Tiny());
        await world.ProvisionAsync();
        (int set, string setOutput) = await world.RunCliAsync("checkpoints", "set", "leads", "--high-water-mark", ReliabilityWorld.Iso(ObjectMark), "--yes");
        Assert.True(set == ExitCodes.Success, setOutput);
        await using var clock = new JobClock(world.Control);
        using (SimulatorGate enqueue = world.Control.Hold("/enqueue.json"))
        using (ChildProcess child = StartBackfill(world))
        {
            await Signals.HeldAsync(enqueue, child, "the backfill's first enqueue");
            child.Kill();
        }

        clock.Start();
        using ChildProcess rerun = StartBackfill(world);
        int exit = await rerun.WaitForExitAsync(ReliabilityWorld.Generous);

        Assert.True(exit == ExitCodes.Success, rerun.Output);
        Assert.Contains("Resuming the interrupted backfill backfill-20260101T000000Z-20260228T235959Z of leads", rerun.Output, StringComparison.Ordinal);
        IReadOnlyList<ManifestEntry> manifest = world.Landed.Manifest();
        Assert.All(manifest, m => Assert.StartsWith("leads/backfill-20260101T000000Z-20260228T235959Z/", m.File, StringComparison.Ordinal));
        var ids = new List<string>();
        foreach (ManifestEntry entry in manifest)
        {
            byte[] bytes = await File.ReadAllBytesAsync(Path.Combine(world.Landing, entry.File));
            Assert.Equal(entry.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            ids.AddRange(Rfc4180.Column(Encoding.UTF8.GetString(bytes), "id"));
        }

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(SimulatorDataModel.LeadIdsUpdatedIn(world.SimOptions!, From, To).SetEquals(ids));
        world.AssertNoWindowExportedTwice("backfill");
        Assert.Equal(ObjectMark, world.HighWaterMark("leads"));
        Assert.Equal(To, world.HighWaterMark("leads@backfill-20260101T000000Z-20260228T235959Z"));
        Assert.DoesNotContain(world.Landed.Files(), f => f.EndsWith(".partial", StringComparison.Ordinal));
    }

    private static ChildProcess StartBackfill(ReliabilityWorld world) => ChildProcess.StartCli(
        world.Root, world.ChildEnvironment(),
        ["backfill", "leads", "--since", ReliabilityWorld.Iso(From), "--until", ReliabilityWorld.Iso(To),
        "--out", world.Landing, "--state", world.State, "--poll-seconds", "0.05"], "the child `backfill`");
}
