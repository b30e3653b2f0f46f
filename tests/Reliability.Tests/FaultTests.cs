using System.Text.RegularExpressions;
using MarketoExport.Cli;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;

namespace MarketoExport.Reliability.Tests;

/// <summary>
/// Every injected fault, through the Host's own composition in-process (`run` on its simulator, fast settings):
/// each test names the outcome — completed with the same data, or stopped with a specific message and nothing committed.
/// </summary>
public sealed partial class FaultTests
{
    private static readonly string[] RunLeads =
        ["run", "--objects", "leads", "--since", ReliabilityWorld.Iso(ReliabilityWorld.Since), "--until", ReliabilityWorld.Iso(ReliabilityWorld.Until)];

    [Fact]
    public async Task Run_TokenInvalidAndExpiredAtRandomCalls_CompletesWithTheSameData()
    {
        await using var world = new ReliabilityWorld();

        (int exit, string output) = await RunAsync(world, c =>
        {
            c.AddFault(SimulatorFault.Error("601", count: 2, message: "Access token invalid") with { Probability = 0.3 });
            c.AddFault(SimulatorFault.Error("602", count: 2, message: "Access token expired") with { Probability = 0.3 });
        });

        AssertCompletedWithTheSameData(world, exit, output, "601/602");
        AssertFired(world, "601", "602");
    }

    [Fact]
    public async Task Run_606And615Bursts_CompletesWithTheSameData()
    {
        await using var world = new ReliabilityWorld();

        (int exit, string output) = await RunAsync(world, c =>
        {
            c.AddFault(SimulatorFault.Error("606", count: 5, pathContains: "/bulk/"));
            c.AddFault(SimulatorFault.Error("615", count: 5, pathContains: "/bulk/"));
        });

        AssertCompletedWithTheSameData(world, exit, output, "606/615");
        AssertFired(world, "606", "615");
    }

    [Fact]
    public async Task Run_604_608_611AndHttp502_CompletesWithTheSameData()
    {
        await using var world = new ReliabilityWorld();

        (int exit, string output) = await RunAsync(world, c =>
        {
            c.AddFault(SimulatorFault.Error("604", count: 2, pathContains: "/bulk/"));
            c.AddFault(SimulatorFault.Error("608", count: 2, pathContains: "/bulk/"));
            c.AddFault(SimulatorFault.Error("611", count: 2, pathContains: "/bulk/"));
            c.AddFault(SimulatorFault.Http(502, count: 2, pathContains: "/bulk/"));
        });

        AssertCompletedWithTheSameData(world, exit, output, "604/608/611/502");
        AssertFired(world, "604", "608", "611");
        Assert.DoesNotContain(world.Control.GetFaults(), f => f.Kind == SimulatorFaultKind.HttpStatus);
    }

    [Fact]
    public async Task Run_ConnectionCutMidFile_ResumesWithRangeAndLandsTheSameData()
    {
        await using var world = new ReliabilityWorld();

        (int exit, string output) = await RunAsync(world, c => c.AddFault(SimulatorFault.CutDownload(afterBytes: 700, count: 3)));

        AssertCompletedWithTheSameData(world, exit, output, "cut downloads");
        Assert.Empty(world.Control.GetFaults());
        // One job per window and 3 extra file requests: the cuts were resumed within the same job. The partial file
        // is kept across a resume, so a resume that did not start at the cut offset (Range: bytes=N-) would
        // have duplicated bytes and failed the sha256 check the invariants just confirmed.
        long fileCalls = world.Control.GetCalls().PerEndpoint.Where(e => e.Key.Contains("/file.json", StringComparison.Ordinal)).Sum(e => e.Value);
        Assert.Equal(world.Landed.Manifest().Count + 3, fileCalls);
        string log = await File.ReadAllTextAsync(Path.Combine(world.StateDir, "export.log"));
        Assert.Equal(3, ResumeLine().Count(log));
    }

    [Fact]
    public async Task Run_WrongChecksumOnce_DiscardsTheFileRetriesTheWindowAndCompletes()
    {
        await using var world = new ReliabilityWorld();

        (int exit, string output) = await RunAsync(world, c => c.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.WrongChecksum, Count = 1 }));

        AssertCompletedWithTheSameData(world, exit, output, "one wrong checksum", retriedWindows: 1);
    }

    [Fact]
    public async Task Run_WrongChecksumOnEveryJob_FailsNamingVerificationWithTheCheckpointUntouched()
    {
        await using var world = new ReliabilityWorld();

        (int exit, string output) = await RunAsync(world, c => c.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.WrongChecksum, Count = null }));

        Assert.True(exit == ExitCodes.Failed, output);
        Assert.Contains("failed verification", output, StringComparison.Ordinal);
        Assert.Contains("Nothing was committed", output, StringComparison.Ordinal);
        AssertNothingCommitted(world);
        Assert.Equal(3, world.Control.GetJobs().Count); // the first window, 3 jobs, then given up
    }

    [Theory]
    [InlineData(SimulatorFaultKind.FailJob)]
    [InlineData(SimulatorFaultKind.CancelJob)]
    [InlineData(SimulatorFaultKind.FileMissing)]
    public async Task Run_JobFailedCancelledOrFileGoneBehindThePipelinesBack_ReexportsTheWindowAndCompletes(SimulatorFaultKind kind)
    {
        await using var world = new ReliabilityWorld();

        (int exit, string output) = await RunAsync(world, c => c.AddFault(new SimulatorFault { Kind = kind, Count = 1 }));

        AssertCompletedWithTheSameData(world, exit, output, kind.ToString(), retriedWindows: 1);
        Assert.Empty(world.Control.GetFaults());
        // A gone file is asked for once, not retried as if it were a transient error.
        long fileCalls = world.Control.GetCalls().PerEndpoint.Where(e => e.Key.Contains("/file.json", StringComparison.Ordinal)).Sum(e => e.Value);
        Assert.Equal(world.Landed.Manifest().Count + (kind == SimulatorFaultKind.FileMissing ? 1 : 0), fileCalls);
    }

    [Fact]
    public async Task Run_QueueFull_WaitsAndCompletesWithOneJobPerWindow()
    {
        await using var world = new ReliabilityWorld();

        (int exit, string output) = await RunAsync(world, c => c.AddFault(SimulatorFault.QueueFull(count: 3)));

        AssertCompletedWithTheSameData(world, exit, output, "queue full");
        Assert.Empty(world.Control.GetFaults());
    }

    [Theory]
    [InlineData("export", "export quota")]
    [InlineData("calls", "call quota")]
    public async Task Run_DailyQuotaExhausted_StopsExit3NamingTheQuotaAndResetTimeNothingCommitted(string quota, string named)
    {
        await using var world = new ReliabilityWorld();

        (int exit, string output) = await RunAsync(world, c =>
        {
            if (quota == "export")
            {
                c.ExhaustExportQuota();
            }
            else
            {
                c.ExhaustDailyCallQuota();
            }
        });

        Assert.True(exit == ExitCodes.QuotaExhausted, output);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.Matches(ResumesAt(), output);
        AssertNothingCommitted(world);
    }

    [Fact]
    public async Task Run_CheckpointObjectMissing_FailsNamingTheObjectAndProvision()
    {
        await using var world = new ReliabilityWorld();
        await world.StartSimulatorAsync(SimulatorPresets.Tiny(jobTickSeconds: 0.02));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        (int exit, string output) = await world.RunCliAsync(RunLeads); // Marketo-paced settings: 20 s+ between retries

        Assert.True(exit == ExitCodes.Failed, output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}: a permanent failure was retried");
        Assert.Contains(ReliabilityWorld.CheckpointObject, output, StringComparison.Ordinal);
        Assert.Contains("provision", output, StringComparison.Ordinal);
        Assert.Empty(world.Control.GetJobs());
        Assert.Empty(world.Landed.Files());
    }

    [Fact]
    public async Task Run_CheckpointWriteRejectedPerRecord_FailsSayingSoAndNothingIsCommitted()
    {
        await using var world = new ReliabilityWorld();

        (int exit, string output) = await RunAsync(world, c => c.AddFault(new SimulatorFault
        {
            Kind = SimulatorFaultKind.RejectCustomObjectRecord,
            ApiName = ReliabilityWorld.CheckpointObject,
            Message = "Simulated field validation failure",
        }));

        Assert.True(exit == ExitCodes.Failed, output);
        Assert.Contains(ReliabilityWorld.CheckpointObject, output, StringComparison.Ordinal);
        Assert.Contains("Simulated field validation failure", output, StringComparison.Ordinal);
        AssertNothingCommitted(world);
        // The job whose in-flight save was refused was never enqueued: no quota spent on a job nobody tracks.
        Assert.DoesNotContain(world.Control.GetJobs(), j => j.Transitions.Any(t => t.Status == "Queued"));
    }

    private static Task<(int Exit, string Output)> RunAsync(ReliabilityWorld world, Action<SimulatorControl> arrange)
        => world.RunCliAsync(RunLeads, SimulatorPresets.Tiny(jobTickSeconds: 0.02), arrange);

    private static void AssertCompletedWithTheSameData(ReliabilityWorld world, int exit, string output, string fault, int retriedWindows = 0)
    {
        Assert.True(exit == ExitCodes.Success, $"[{fault}] exit {exit}:\n{output}");
        world.AssertInvariants(fault, ReliabilityWorld.Since, ReliabilityWorld.Until, jobsPerWindow: retriedWindows > 0 ? 2 : 1);
        IReadOnlyList<ExportJobLogEntry> jobs = world.Control.GetJobs();
        Assert.Equal(world.Landed.Manifest().Count + retriedWindows, jobs.Count);
    }

    private static void AssertFired(ReliabilityWorld world, params string[] codes)
    {
        foreach (string code in codes)
        {
            Assert.True(world.Control.GetCalls().RejectedByCode.ContainsKey(code) || !world.Control.GetFaults().Any(f => f.Code == code && f.Count is 2 or 5),
                $"fault {code} never fired");
        }
    }

    private static void AssertNothingCommitted(ReliabilityWorld world)
    {
        Assert.Null(world.HighWaterMark());
        Assert.Empty(world.Landed.Manifest());
        Assert.DoesNotContain(world.Landed.Files(), f => f.EndsWith(".csv", StringComparison.Ordinal) || f.EndsWith(".partial", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"resumes at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")]
    private static partial Regex ResumesAt();

    [GeneratedRegex("resuming with a Range request")]
    private static partial Regex ResumeLine();
}
