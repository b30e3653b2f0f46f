using MarketoExport.Activities.Checkpoints;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;

namespace MarketoExport.Activities;

/// <summary>Writes one object's checkpoint (an upsert of the whole record: idempotent). Returns true.</summary>
public sealed class WriteCheckpointActivity(ICheckpointStore store, IActivityEnvironment environment) : TaskActivity<ExportCheckpoint, bool>
{
    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, ExportCheckpoint input)
        => RunAsync(input, environment.Stopping);

    /// <summary>The activity body, with the token that stops it when the host shuts down.</summary>
    public async Task<bool> RunAsync(ExportCheckpoint input, CancellationToken cancellationToken)
    {
        await store.WriteAsync(input, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
