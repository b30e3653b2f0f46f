using MarketoExport.Marketo;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Activities;

/// <summary>
/// Creates a bulk export job for one window. Not idempotent by itself (Marketo has no idempotency key); the
/// orchestrator saves the returned id as in flight before enqueueing, and a duplicate Created job costs neither a
/// queue slot nor quota.
/// </summary>
public sealed class CreateExportJobActivity(IMarketoClient marketo) : Activity<CreateExportJobRequest, ExportJobState>
{
    /// <inheritdoc />
    public override async Task<ExportJobState> RunAsync(ActivityContext context, CreateExportJobRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ExportJob job = await marketo.CreateExportJobAsync(
            ExportObjectMapping.ToEntity(input.Object), ExportObjectMapping.ToJobRequest(input), cancellationToken).ConfigureAwait(false);
        return ExportObjectMapping.ToState(job);
    }
}
