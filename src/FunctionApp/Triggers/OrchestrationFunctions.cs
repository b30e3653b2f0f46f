using MarketoExport.Orchestrations.Export;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace MarketoExport.FunctionApp.Triggers;

/// <summary>
/// One orchestration trigger per orchestrator. Each hands its Durable context, through the adapter, to the
/// orchestrator class in src/Orchestrations. Orchestrators get no services (they must be deterministic), so they
/// are constructed here, as Durable Functions does for class-based orchestrators.
/// </summary>
public static class OrchestrationFunctions
{
    /// <summary>One export run: every configured object, at most two at a time.</summary>
    [Function(nameof(ExportRunOrchestrator))]
    public static Task<ExportRunResult> RunExportRun([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ExportRunOrchestrator().RunAsync(new TaskOrchestrationContextAdapter(context), context.GetInput<ExportRunRequest>()!);
    }

    /// <summary>One object's windows, oldest first (a sub-orchestration of the run).</summary>
    [Function(nameof(ObjectExportOrchestrator))]
    public static Task<ObjectExportResult> RunObjectExport([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ObjectExportOrchestrator().RunAsync(new TaskOrchestrationContextAdapter(context), context.GetInput<ObjectExportRequest>()!);
    }
}
