using MarketoExport.Activities.Checkpoints;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Activities;

/// <summary>Reads one object's checkpoint (input: the object name); an empty checkpoint when none is stored.</summary>
public sealed class ReadCheckpointActivity(ICheckpointStore store) : Activity<string, ExportCheckpoint>
{
    /// <inheritdoc />
    public override Task<ExportCheckpoint> RunAsync(ActivityContext context, string input, CancellationToken cancellationToken)
        => store.ReadAsync(input, cancellationToken);
}
