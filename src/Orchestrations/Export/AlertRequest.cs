namespace MarketoExport.Orchestrations.Export;

/// <summary>Input of the alert activity.</summary>
/// <param name="RunId">The run's instance id.</param>
/// <param name="Reason">One line: what happened and what to do.</param>
/// <param name="Objects">Objects affected.</param>
/// <param name="At">When (orchestration time, UTC).</param>
public sealed record AlertRequest(string RunId, string Reason, IReadOnlyList<string> Objects, DateTime At);
