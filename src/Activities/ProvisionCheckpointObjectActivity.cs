using MarketoExport.Activities.Checkpoints;
using MarketoExport.Orchestrations.Abstractions;

namespace MarketoExport.Activities;

/// <summary>Creates and approves the checkpoint custom object if missing (idempotent). Returns what was done.</summary>
public sealed class ProvisionCheckpointObjectActivity(ICheckpointStore store) : Activity<bool, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(ActivityContext context, bool input, CancellationToken cancellationToken)
        => store.ProvisionAsync(cancellationToken);
}
