using MarketoExport.Marketo;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Activities;

/// <summary>
/// Creates a bulk export job for one window. Marketo has no idempotency key for create, and a durable runtime runs
/// an activity again when its first run's result was lost (a crash after Marketo answered, a retried timeout). So
/// on any run but a known first one (<see cref="ActivityContext.Attempt"/> other than 1) it first adopts the newest
/// Created job made since the window's pending-create mark (<see cref="CreateExportJobRequest.PendingSince"/>),
/// costing one job-list call; a first run creates directly.
/// </summary>
public sealed class CreateExportJobActivity(IMarketoClient marketo) : Activity<CreateExportJobRequest, ExportJobState>
{
    /// <inheritdoc />
    public override async Task<ExportJobState> RunAsync(ActivityContext context, CreateExportJobRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (context.Attempt != 1 && input.PendingSince is { } since
            && await FindCreatedExportJobActivity.FindAsync(marketo, input.Object, since, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            return ExportObjectMapping.ToState(earlier);
        }

        ExportJob job = await marketo.CreateExportJobAsync(
            ExportObjectMapping.ToEntity(input.Object), ExportObjectMapping.ToJobRequest(input), cancellationToken).ConfigureAwait(false);
        return ExportObjectMapping.ToState(job);
    }
}
