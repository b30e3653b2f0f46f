using MarketoExport.Activities.Checkpoints;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;

namespace MarketoExport.Activities;

/// <summary>Reads one object's checkpoint (input: the object name); an empty checkpoint when none is stored.</summary>
public sealed class ReadCheckpointActivity(ICheckpointStore store, IActivityEnvironment environment) : TaskActivity<string, ExportCheckpoint>
{
    /// <inheritdoc />
    public override Task<ExportCheckpoint> RunAsync(TaskActivityContext context, string input)
        => RunAsync(input, environment.Stopping);

    /// <summary>The activity body, with the token that stops it when the host shuts down.</summary>
    public Task<ExportCheckpoint> RunAsync(string input, CancellationToken cancellationToken)
        => store.ReadAsync(input, cancellationToken);
}
