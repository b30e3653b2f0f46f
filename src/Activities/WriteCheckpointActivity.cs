using MarketoExport.Activities.Checkpoints;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Activities;

/// <summary>Writes one object's checkpoint (an upsert of the whole record: idempotent). Returns true.</summary>
public sealed class WriteCheckpointActivity(ICheckpointStore store) : Activity<ExportCheckpoint, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(ActivityContext context, ExportCheckpoint input, CancellationToken cancellationToken)
    {
        await store.WriteAsync(input, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
