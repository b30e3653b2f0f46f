namespace MarketoExport.Cli.Runs;

/// <summary>One finished run in the run log (<c>state/runs.jsonl</c>).</summary>
/// <param name="InstanceId">The run's instance id (runs are singletons: always <c>export-run</c>).</param>
/// <param name="Backfill">The backfill's label, or null for a normal run.</param>
/// <param name="Trigger">Who started or followed it: cli, http, schedule, restart, rewind, resume.</param>
/// <param name="Status">Completed, Failed or Terminated.</param>
/// <param name="CreatedAt">When it was created (with the instance id, it identifies the run).</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Failure">Why it failed, when it did.</param>
/// <param name="Objects">One row per object.</param>
public sealed record RunLogEntry(
    string InstanceId, string? Backfill, string Trigger, string Status, DateTimeOffset CreatedAt, DateTimeOffset FinishedAt, string? Failure, IReadOnlyList<RunLogObject> Objects);
