using MarketoExport.Orchestrations.Export;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace MarketoExport.FunctionApp.Triggers;

/// <summary>
/// One orchestration trigger per orchestrator: each hands Durable Functions' context and the bound input to the
/// orchestrator class in src/Orchestrations, the same class the local engine runs. Orchestrators get no services
/// (they must be deterministic), so they are constructed here.
/// </summary>
public static class OrchestrationFunctions
{
    /// <summary>One export run: every configured object, at most two at a time.</summary>
    [Function(nameof(ExportRunOrchestrator))]
    public static Task<ExportRunResult> ExportRun([OrchestrationTrigger] TaskOrchestrationContext context, ExportRunRequest input)
        => new ExportRunOrchestrator().RunAsync(context, input);

    /// <summary>One object's windows, oldest first (a sub-orchestration of the run).</summary>
    [Function(nameof(ObjectExportOrchestrator))]
    public static Task<ObjectExportResult> ObjectExport([OrchestrationTrigger] TaskOrchestrationContext context, ObjectExportRequest input)
        => new ObjectExportOrchestrator().RunAsync(context, input);
}
