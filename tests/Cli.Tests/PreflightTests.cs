using System.Text;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;

namespace MarketoExport.Cli.Tests;

/// <summary>
/// What is checked before anything starts (no simulator, no Marketo call, no export job): the landing folder and the
/// state file, and whether another process holds the state file; and how a run stops on Ctrl+C.
/// </summary>
public sealed class PreflightTests
{
    [Theory]
    [InlineData("--out", "/proc/x", "--out (Export:Out): '/proc/x' is under /proc")]
    [InlineData("--out", "/sys/kernel/x", "--out (Export:Out): '/sys/kernel/x' is under /sys")]
    [InlineData("--state", "/proc/x/export.db", "--state (Export:State): '/proc/x/export.db' is under /proc")]
    public async Task Run_PathOnAKernelPseudoFileSystem_Exit2BeforeAnyJob(string option, string path, string expected)
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, null, "run", "--objects", "leads", option, path);

        Assert.True(exit == ExitCodes.BadOptions, output);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not find", output, StringComparison.Ordinal);
        Assert.Null(host.Control); // the simulator never started: no job, no quota spent
    }

    [Fact]
    public async Task Run_OutGoesThroughAFile_Exit2NamingTheFile()
    {
        using var host = new CliHarness();
        string file = Path.Combine(host.Root, "a-file");
        await File.WriteAllTextAsync(file, "x");

        (int exit, string output) = await host.RunAsync(null, null, "run", "--out", Path.Combine(file, "landing"));

        Assert.Equal(ExitCodes.BadOptions, exit);
        Assert.Contains("--out (Export:Out)", output, StringComparison.Ordinal);
        Assert.Contains("which is a file", output, StringComparison.Ordinal);
        Assert.Null(host.Control);
    }

    [Fact]
    public async Task Run_StateFileHeldByAnotherRun_Exit1NamingStateAndTheOwnerBeforeTheSimulatorStarts()
    {
        using var host = new CliHarness();
        SimulatorGate? gate = null;
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<(int, string)> first = host.RunAsync(null, c =>
        {
            gate = c.Hold("/file.json");
            _ = gate.WaitForHeldAsync(1, Bound()).ContinueWith(_ => held.TrySetResult(), TaskScheduler.Default);
        }, "run", "--objects", "leads");
        await held.Task.WaitAsync(Bound());
        bool secondSimulatorStarted = false;
        var writer = new StringWriter(new StringBuilder());

        int exit = await ExportCli.RunAsync(
            ["run", "--objects", "leads", "--out", host.Landing, "--state", host.State], PlainConsole.Create(writer), SimulatorPresets.Fast(), _ => secondSimulatorStarted = true);

        gate!.Release();
        (int firstExit, string firstOutput) = await first.WaitAsync(Bound());
        string output = writer.ToString();
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("--state (Export:State)", output, StringComparison.Ordinal);
        Assert.Contains($"(PID {Environment.ProcessId})", output, StringComparison.Ordinal);
        Assert.DoesNotContain("DatabasePath", output, StringComparison.Ordinal);
        Assert.False(secondSimulatorStarted, "the lock was checked after the simulator started");
        Assert.True(firstExit == ExitCodes.Success, firstOutput);
    }

    [Fact]
    public async Task Run_CtrlC_Exit130WithTheResumeHint_AndTheNextRunResumes()
    {
        using var host = new CliHarness();
        using var cancel = new CancellationTokenSource();
        var writer = new StringWriter(new StringBuilder());

        int exit = await ExportCli.RunAsync(
            ["run", "--objects", "leads", "--out", host.Landing, "--state", host.State, "--poll-seconds", "0.05"], PlainConsole.Create(writer), SimulatorPresets.Fast(),
            sim => _ = sim.Control.Hold("/file.json").WaitForHeldAsync(1, Bound()).ContinueWith(_ => cancel.Cancel(), TaskScheduler.Default),
            cancel.Token);

        string output = writer.ToString();
        Assert.True(exit == ExitCodes.Interrupted, output);
        Assert.Contains("Interrupted", output, StringComparison.Ordinal);
        Assert.Contains("resumes it", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);

        (int again, string resumed) = await host.RunAsync(null, null, "run", "--objects", "leads");

        Assert.True(again == ExitCodes.Success, resumed);
        Assert.Contains("Resuming the interrupted run", resumed, StringComparison.Ordinal);
    }

    private static CancellationToken Bound() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}
