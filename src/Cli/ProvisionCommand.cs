using Spectre.Console;

namespace MarketoExport.Cli;

/// <summary><c>provision</c>: creates and approves the checkpoint custom object through the schema API if missing.</summary>
public static class ProvisionCommand
{
    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(ExportRuntime runtime, CliOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(output);
        string done = await runtime.Store.ProvisionAsync(cancellationToken);
        output.Result(Markup.Escape($"Checkpoint store: {done}."));
        return ExitCodes.Success;
    }
}
