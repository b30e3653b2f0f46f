namespace MarketoExport.Cli.Json;

/// <summary>One object of a dry run.</summary>
/// <param name="Object">The object's name.</param>
/// <param name="HighWaterMark">Its checkpoint now.</param>
/// <param name="Filter">The date filter its jobs use (updatedAt or createdAt).</param>
/// <param name="Windows">The windows a run would export, oldest first.</param>
/// <param name="Note">Why nothing is planned, or something to know.</param>
public sealed record PlannedObjectReport(string Object, DateTime? HighWaterMark, string Filter, IReadOnlyList<WindowReport> Windows, string? Note);
