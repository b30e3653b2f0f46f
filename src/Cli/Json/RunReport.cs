namespace MarketoExport.Cli.Json;

/// <summary><c>run --json</c>, <c>run --dry-run --json</c> and <c>backfill --json</c>: one document at the end.</summary>
/// <param name="Command"><c>run</c> or <c>backfill</c>.</param>
/// <param name="DryRun">True for a dry run (nothing was changed; <paramref name="Plan"/> is set).</param>
/// <param name="Status">Completed, Failed, Terminated, QuotaExhausted, or Planned for a dry run.</param>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Message">The one-line result or failure.</param>
/// <param name="Landing">Where files landed (folder path or container URL).</param>
/// <param name="Objects">One row per object (not for a dry run).</param>
/// <param name="Plan">The planned windows per object (dry run only).</param>
/// <param name="EstimatedCalls">The estimated Marketo API calls (dry run only).</param>
public sealed record RunReport(
    string Command,
    bool DryRun,
    string Status,
    int ExitCode,
    string? Message,
    string? Landing,
    IReadOnlyList<RunObjectReport> Objects,
    IReadOnlyList<PlannedObjectReport>? Plan = null,
    long? EstimatedCalls = null);
