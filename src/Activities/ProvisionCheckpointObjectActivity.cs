using MarketoExport.Activities.Checkpoints;
using Microsoft.DurableTask;

namespace MarketoExport.Activities;

/// <summary>Creates and approves the checkpoint custom object if missing (idempotent). Returns what was done.</summary>
public sealed class ProvisionCheckpointObjectActivity(ICheckpointStore store, IActivityEnvironment environment) : TaskActivity<bool, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(TaskActivityContext context, bool input)
        => RunAsync(input, environment.Stopping);

    /// <summary>The activity body, with the token that stops it when the host shuts down.</summary>
    public Task<string> RunAsync(bool input, CancellationToken cancellationToken)
        => store.ProvisionAsync(cancellationToken);
}
