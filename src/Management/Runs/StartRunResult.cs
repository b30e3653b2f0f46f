using MarketoExport.Management.Plan;
using Microsoft.DurableTask.Client;

namespace MarketoExport.Management.Runs;

/// <summary>The outcome of a start request.</summary>
/// <param name="Outcome">Started or already running.</param>
/// <param name="InstanceId">The run's instance id.</param>
/// <param name="Plan">The plan that was started (null when nothing was).</param>
/// <param name="Existing">The run in progress, when one blocked the start.</param>
public sealed record StartRunResult(StartRunOutcome Outcome, string InstanceId, ExportPlan? Plan = null, OrchestrationMetadata? Existing = null);
