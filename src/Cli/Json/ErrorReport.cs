namespace MarketoExport.Cli.Json;

/// <summary>
/// The <c>--json</c> document of a command that ended before it could write its own: a refused option or setting
/// (exit 2), a failure before or outside the run (exit 1), a used-up quota (exit 3), an interruption (exit 130).
/// </summary>
/// <param name="Command">The command as typed, e.g. <c>run</c>, <c>checkpoints</c>.</param>
/// <param name="Status">Refused (exit 2), Failed (1), QuotaExhausted (3) or Interrupted (130).</param>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Message">The error line printed on standard error, without its <c>error:</c> prefix.</param>
public sealed record ErrorReport(string Command, string Status, int ExitCode, string Message)
{
    /// <summary>The status word of an exit code.</summary>
    public static string StatusOf(int exitCode) => exitCode switch
    {
        ExitCodes.BadOptions => "Refused",
        ExitCodes.QuotaExhausted => "QuotaExhausted",
        ExitCodes.Interrupted => "Interrupted",
        _ => "Failed",
    };
}
