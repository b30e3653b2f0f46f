using MarketoExport.Orchestrations.Abstractions;

namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// Exports one object: reads its checkpoint, re-attaches to an in-flight job if one is recorded, then for each
/// window of at most 31 days, oldest first: create → save in-flight → enqueue → poll (durable timers with backoff)
/// → download and verify → write checkpoint. The checkpoint never advances before the window's file is landed.
/// </summary>
public sealed class ObjectExportOrchestrator : Orchestrator<ObjectExportRequest, ObjectExportResult>
{
    /// <inheritdoc />
    public override Task<ObjectExportResult> RunAsync(IOrchestrationContext context, ObjectExportRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return new ObjectExportFlow(context, input).RunAsync();
    }
}
