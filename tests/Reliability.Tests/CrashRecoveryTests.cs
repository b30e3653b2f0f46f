using MarketoExport.Activities.Landing;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;

namespace MarketoExport.Reliability.Tests;

/// <summary>
/// SIGKILL of a child `run` at each phase of the first window, then a second `run` on the same state database and
/// landing folder to the end. Phases are detected from the simulator (held calls, job log), never by sleeping.
/// </summary>
public sealed class CrashRecoveryTests
{
    private static readonly DateTime FirstWindowEnd = new(2026, 1, 31, 23, 59, 59, DateTimeKind.Utc);

    [Theory]
    [InlineData(CrashPhase.AfterCreate)]
    [InlineData(CrashPhase.CreatedNotYetSaved)]
    [InlineData(CrashPhase.AfterEnqueue)]
    [InlineData(CrashPhase.WhilePolling)]
    [InlineData(CrashPhase.MidDownload)]
    [InlineData(CrashPhase.AfterLandingBeforeCheckpoint)]
    [InlineData(CrashPhase.AfterCheckpointWrite)]
    public async Task Run_KilledAtPhase_RerunLandsEveryRecordOnceWithTheCheckpointAtTheLastWindowEnd(CrashPhase phase)
    {
        await using var world = new ReliabilityWorld();
        await world.StartSimulatorAsync(SimulatorPresets.Tiny());
        await world.ProvisionAsync();
        await using var clock = new JobClock(world.Control);
        var gates = new List<SimulatorGate>();
        using (ChildProcess child = world.StartChildRun())
        {
            await ReachAsync(phase, world, clock, child, gates);
            child.Kill();
        }

        gates.ForEach(g => g.Release());
        clock.Start();

        string output = await world.RunChildToEndAsync();

        world.AssertInvariants(phase.ToString(), ReliabilityWorld.Since, ReliabilityWorld.Until);
        Assert.Contains("Resuming the interrupted run", output, StringComparison.Ordinal);
    }

    private static async Task ReachAsync(CrashPhase phase, ReliabilityWorld world, JobClock clock, ChildProcess child, List<SimulatorGate> gates)
    {
        SimulatorControl control = world.Control;
        SimulatorGate Hold(string path)
        {
            SimulatorGate g = control.Hold(path);
            gates.Add(g);
            return g;
        }

        switch (phase)
        {
            case CrashPhase.AfterCreate:
            {
                SimulatorGate enqueue = Hold("/enqueue.json");
                await Signals.HeldAsync(enqueue, child, "the first enqueue");
                ExportJobLogEntry job = Assert.Single(control.GetJobs());
                Assert.Equal("Created", job.Status);
                Assert.Equal(job.ExportId, (string?)world.Checkpoint()?["inFlightExportId"]); // saved before enqueue
                break;
            }

            case CrashPhase.CreatedNotYetSaved:
            {
                SimulatorGate create = Hold("/export/create.json");
                await Signals.HeldAsync(create, child, "the first create");
                SimulatorGate save = Hold("customobjects/" + ReliabilityWorld.CheckpointObject);
                create.Release();
                await Signals.HeldAsync(save, child, "the in-flight checkpoint write");
                ExportJobLogEntry job = Assert.Single(control.GetJobs());
                Assert.Equal("Created", job.Status);
                Assert.NotEqual(job.ExportId, (string?)world.Checkpoint()?["inFlightExportId"]); // not recorded yet (at most a pending marker)
                break;
            }

            case CrashPhase.AfterEnqueue:
            {
                SimulatorGate status = Hold("/status.json");
                await Signals.HeldAsync(status, child, "the first status poll");
                Assert.Equal("Queued", Assert.Single(control.GetJobs()).Status);
                break;
            }

            case CrashPhase.WhilePolling:
            {
                SimulatorGate first = Hold("/status.json");
                await Signals.HeldAsync(first, child, "the first status poll");
                clock.Step();
                SimulatorGate later = Hold("/status.json");
                first.Release();
                await Signals.HeldAsync(later, child, "a later status poll");
                Assert.Equal("Processing", Assert.Single(control.GetJobs()).Status);
                break;
            }

            case CrashPhase.MidDownload:
            {
                clock.Start();
                SimulatorGate first = Hold("/file.json");
                await Signals.HeldAsync(first, child, "the first file request");
                control.AddFault(SimulatorFault.CutDownload(afterBytes: 600));
                SimulatorGate resume = Hold("/file.json");
                first.Release();
                await Signals.HeldAsync(resume, child, "the resume request after the cut");
                Assert.Contains(world.Landed.Files(), f => f.EndsWith(".partial", StringComparison.Ordinal));
                Assert.Empty(world.Landed.Manifest());
                break;
            }

            case CrashPhase.AfterLandingBeforeCheckpoint:
            {
                clock.Start();
                SimulatorGate file = Hold("/file.json");
                await Signals.HeldAsync(file, child, "the first file request");
                SimulatorGate save = Hold("customobjects/" + ReliabilityWorld.CheckpointObject);
                file.Release();
                await Signals.HeldAsync(save, child, "the checkpoint write after landing");
                ManifestEntry landed = Assert.Single(world.Landed.Manifest());
                Assert.Contains(landed.File, world.Landed.Files());
                Assert.Null(world.HighWaterMark());
                break;
            }

            case CrashPhase.AfterCheckpointWrite:
            {
                clock.Start();
                SimulatorGate first = Hold("/export/create.json");
                await Signals.HeldAsync(first, child, "the first create");
                SimulatorGate second = Hold("/export/create.json");
                first.Release();
                await Signals.HeldAsync(second, child, "the second window's create");
                Assert.Equal(FirstWindowEnd, world.HighWaterMark());
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(phase), phase, null);
        }
    }
}
