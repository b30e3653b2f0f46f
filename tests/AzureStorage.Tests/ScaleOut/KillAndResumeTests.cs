using System.Diagnostics;
using MarketoExport.AzureStorage.Tests.Azurite;
using MarketoExport.Cli;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;
using Xunit.Abstractions;

namespace MarketoExport.AzureStorage.Tests.ScaleOut;

/// <summary>
/// A `run` on the Azure Storage backend SIGKILLed in the middle of its downloads, then started again on the same
/// state folder (so with the same worker id): the lost downloads run again once their queue messages become visible,
/// and the run completes with every record landed once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class KillAndResumeTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>Far below DurableTask.AzureStorage's defaults (5-minute visibility: 324 s measured), far above the 15 s configured.</summary>
    private static readonly TimeSpan ResumeBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_KilledMidDownload_RestartedWithTheSameWorkerId_ResumesWithinSecondsAndLandsEveryRecordOnce()
    {
        await using var world = new ScaleOutWorld(azurite, "Kill");
        await world.StartAsync();
        Stopwatch sinceKill;
        string workerId;
        using (SimulatorGate downloads = world.Control.Hold("/file.json"))
        {
            using ChildProcess first = world.StartRun("runner");
            workerId = (await first.WaitForLineAsync(@"as worker (\S+)\.", ScaleOutWorld.Generous)).Groups[1].Value;

            // Both objects are inside their first download activity (held by the simulator) when the process dies.
            await HeldAsync(downloads, 2, first);
            first.Kill();
            sinceKill = Stopwatch.StartNew();
        }

        // The next download request can only come from an activity the dead worker had taken: its message reappears
        // in the work-item queue when its visibility timeout runs out.
        TimeSpan resumedAfter;
        ChildProcess second;
        using (SimulatorGate redelivered = world.Control.Hold("/file.json"))
        {
            second = world.StartRun("runner");
            string secondWorker = (await second.WaitForLineAsync(@"as worker (\S+)\.", ScaleOutWorld.Generous)).Groups[1].Value;
            Assert.Equal(workerId, secondWorker);
            await HeldAsync(redelivered, 1, second);
            resumedAfter = sinceKill.Elapsed;
        }

        using (second)
        {
            int exit = await second.WaitForExitAsync(ScaleOutWorld.Generous);

            output.WriteLine($"worker {workerId}: the lost download ran again {resumedAfter.TotalSeconds:F1} s after SIGKILL");
            Assert.True(exit == ExitCodes.Success, $"exit {exit}; output:\n{second.Output}");
            Assert.Contains("Resuming the run started", second.Output, StringComparison.Ordinal);
            Assert.True(resumedAfter < ResumeBound, $"the lost step ran again only {resumedAfter.TotalSeconds:F1} s after the kill");
            Assert.Contains(world.ActivityLines("runner"), l => l.Contains("Running activity DownloadExportFileActivity", StringComparison.Ordinal)
                && l.EndsWith("delivery 2", StringComparison.Ordinal));
            world.AssertExportedOnce();
        }
    }

    private static Task HeldAsync(SimulatorGate gate, int count, ChildProcess child)
        => child.WhileRunningAsync(gate.WaitForHeldAsync(count), $"{count} call(s) to {gate.PathContains} held", ScaleOutWorld.Generous);
}
