using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Management.Plan;

/// <summary>A planned run: the orchestration input and what it is expected to cost at most.</summary>
/// <param name="Request">The export run's input.</param>
/// <param name="MaxWindows">Windows (export jobs) if no object had a checkpoint yet: an upper bound.</param>
/// <param name="MaxCalls">Marketo calls for <paramref name="MaxWindows"/> (measured: 5 per object run + 10 per job).</param>
public sealed record ExportPlan(ExportRunRequest Request, int MaxWindows, long MaxCalls);
