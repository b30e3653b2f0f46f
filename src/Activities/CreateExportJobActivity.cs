using MarketoExport.Marketo;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;

namespace MarketoExport.Activities;

/// <summary>
/// Creates a bulk export job for one window. Marketo has no idempotency key for create, and a durable runtime runs
/// an activity again when its first run's result was lost (a crash after Marketo answered, a retried timeout). So
/// on any run but a known first one (the orchestrator's <see cref="CreateExportJobRequest.Attempt"/> and the runtime's
/// <see cref="IActivityEnvironment.DeliveryAttempt"/> both 1) it first adopts the newest Created job made since the
/// window's pending-create mark (<see cref="CreateExportJobRequest.PendingSince"/>), costing one job-list call; a known
/// first run creates directly. Where the runtime cannot tell (Azure Functions: 0), every create lists first.
/// </summary>
public sealed class CreateExportJobActivity(IMarketoClient marketo, IActivityEnvironment environment) : TaskActivity<CreateExportJobRequest, ExportJobState>
{
    /// <inheritdoc />
    public override Task<ExportJobState> RunAsync(TaskActivityContext context, CreateExportJobRequest input)
        => RunAsync(input, environment.DeliveryAttempt, environment.Stopping);

    /// <summary>Creates (or adopts) the job; <paramref name="deliveryAttempt"/> as <see cref="IActivityEnvironment.DeliveryAttempt"/>.</summary>
    public async Task<ExportJobState> RunAsync(CreateExportJobRequest input, int deliveryAttempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        bool mayBeRerun = input.Attempt != 1 || deliveryAttempt != 1;
        if (mayBeRerun && input.PendingSince is { } since
            && await FindCreatedExportJobActivity.FindAsync(marketo, input.Object, since, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            return ExportObjectMapping.ToState(earlier);
        }

        ExportJob job = await marketo.CreateExportJobAsync(
            ExportObjectMapping.ToEntity(input.Object), ExportObjectMapping.ToJobRequest(input), cancellationToken).ConfigureAwait(false);
        return ExportObjectMapping.ToState(job);
    }
}
