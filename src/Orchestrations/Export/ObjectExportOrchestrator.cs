using Microsoft.DurableTask;

namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// Exports one object: reads its checkpoint, re-attaches to an in-flight job if one is recorded, then for each
/// window of at most 31 days, oldest first: create → save in-flight → enqueue → poll (durable timers with backoff)
/// → download and verify → write checkpoint. The checkpoint never advances before the window's file is landed.
/// </summary>
/// <remarks>
/// Rewind: a failed object export is rewound at its last failure only (the step that ended it runs again; failures it
/// handled before, such as a redone window, stay in its history so the replay takes the same path).
/// </remarks>
public sealed class ObjectExportOrchestrator : TaskOrchestrator<ObjectExportRequest, ObjectExportResult>
{
    /// <inheritdoc />
    public override Task<ObjectExportResult> RunAsync(TaskOrchestrationContext context, ObjectExportRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return new ObjectExportFlow(context, input).RunAsync();
    }
}
