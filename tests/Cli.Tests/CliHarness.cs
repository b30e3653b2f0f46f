using System.Text;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;
using Spectre.Console;

namespace MarketoExport.Cli.Tests;

/// <summary>Runs the command line in-process against its in-process simulator, in a temporary folder.</summary>
internal sealed class CliHarness : IDisposable
{
    private readonly TemporaryFolder _root = new("mde-host");

    public string Root => _root.Path;

    public string Landing => Path.Combine(Root, "landing");

    /// <summary>What the runs landed: files, manifest, record ids.</summary>
    public LandingFolder Landed => new(Landing);

    public string State => Path.Combine(Root, "state", "export.db");

    public string MirrorFile => Path.Combine(Root, "state", "simulator-checkpoints.json");

    /// <summary>The simulator of the last run (its control stays readable after the run).</summary>
    public SimulatorControl? Control { get; private set; }

    public async Task<(int Exit, string Output)> RunAsync(SimulatorOptions? simulator, Action<SimulatorControl>? arrange, params string[] args)
    {
        var writer = new StringWriter(new StringBuilder());
        IAnsiConsole console = PlainConsole.Create(writer);
        string[] all = CliArgs.With(new CliCommandLine().Root, args, ("--out", Landing), ("--state", State), ("--poll-seconds", "0.05"));
        int exit = await ExportCli.RunAsync(all, console, simulator ?? SimulatorPresets.Fast(), sim =>
        {
            Control = sim.Control;
            arrange?.Invoke(sim.Control);
        });
        return (exit, writer.ToString());
    }

    public void Dispose() => _root.Dispose();
}
