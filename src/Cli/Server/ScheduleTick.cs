using MarketoExport.Management.Runs;

namespace MarketoExport.Cli.Server;

/// <summary>One scheduled tick and what it did.</summary>
/// <param name="Due">The occurrence of the cron expression.</param>
/// <param name="Outcome">Started, or AlreadyRunning (skipped); null when it could not start (see <paramref name="Error"/>).</param>
/// <param name="Error">Why it could not start, when it could not.</param>
public sealed record ScheduleTick(DateTimeOffset Due, StartRunOutcome? Outcome, string? Error = null);
