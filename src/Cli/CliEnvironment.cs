using MarketoExport.Marketo.Simulator;
using Spectre.Console;

namespace MarketoExport.Cli;

/// <summary>What one invocation of the command line runs in: its consoles, working folder and (for tests) simulator hooks.</summary>
/// <param name="Console">Standard output: results, tables, JSON.</param>
public sealed record CliEnvironment(IAnsiConsole Console)
{
    /// <summary>Standard error: errors, and progress when the result is JSON; null for <see cref="Console"/>.</summary>
    public IAnsiConsole? Error { get; init; }

    /// <summary>Where <c>appsettings.json</c> is looked for and relative paths start; null for the current directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Answers a confirmation prompt (tests); null to ask on the console when it is interactive.</summary>
    public Func<string, bool>? Confirm { get; init; }

    /// <summary>Simulator overrides (tests); null for the demo defaults.</summary>
    public SimulatorOptions? SimulatorOptions { get; init; }

    /// <summary>Called with the in-process simulator once it listens (tests inject faults here).</summary>
    public Action<SimulatorHost>? OnSimulatorStarted { get; init; }
}
