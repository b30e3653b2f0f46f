using MarketoExport.Cli;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;

namespace MarketoExport.Reliability.Tests;

/// <summary>Ctrl+C (SIGINT) on a child `run`: it stops cleanly with exit 130 and the resume hint, and the next run resumes.</summary>
public sealed class InterruptTests
{
    [Fact]
    public async Task Run_SigIntWhileAJobIsQueued_Exits130SayingHowToResume_AndTheRerunLandsEveryRecordOnce()
    {
        await using var world = new ReliabilityWorld();
        await world.StartSimulatorAsync(SimulatorPresets.Tiny());
        await world.ProvisionAsync();
        await using var clock = new JobClock(world.Control);
        string output;
        using (SimulatorGate firstPoll = world.Control.Hold("/status.json"))
        using (ChildProcess child = world.StartChildRun())
        {
            await Signals.HeldAsync(firstPoll, child, "the first status poll");
            child.Interrupt();
            firstPoll.Release();
            int exit = await child.WaitForExitAsync(ReliabilityWorld.Generous);
            output = child.Output;
            Assert.True(exit == ExitCodes.Interrupted, $"exit {exit}: {output}");
        }

        clock.Start();
        string rerun = await world.RunChildToEndAsync();

        Assert.Contains("Interrupted", output, StringComparison.Ordinal);
        Assert.Contains("the same command resumes it", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.Contains("Resuming the interrupted run", rerun, StringComparison.Ordinal);
        world.AssertInvariants("SIGINT", ReliabilityWorld.Since, ReliabilityWorld.Until);
    }
}
