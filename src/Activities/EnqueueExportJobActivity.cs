using MarketoExport.Marketo;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Marketo.Errors;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;

namespace MarketoExport.Activities;

/// <summary>
/// Enqueues a Created job. Idempotent: when Marketo refuses (e.g. 1029 "Job already queued" after a retried
/// attempt) the job's status decides: anything past Created means the earlier attempt worked; a job Marketo does not
/// know comes back as <see cref="ExportJobPhase.Unknown"/> so the orchestrator recreates it.
/// </summary>
public sealed class EnqueueExportJobActivity(IMarketoClient marketo, IActivityEnvironment environment) : TaskActivity<ExportJobRef, ExportJobState>
{
    /// <inheritdoc />
    public override Task<ExportJobState> RunAsync(TaskActivityContext context, ExportJobRef input)
        => RunAsync(input, environment.Stopping);

    /// <summary>The activity body, with the token that stops it when the host shuts down.</summary>
    public async Task<ExportJobState> RunAsync(ExportJobRef input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ExportEntity entity = ExportObjectMapping.ToEntity(input.Object);
        try
        {
            return ExportObjectMapping.ToState(await marketo.EnqueueExportJobAsync(entity, input.ExportId, cancellationToken).ConfigureAwait(false));
        }
        catch (MarketoApiException ex) when (ex is not (MarketoExportQuotaExceededException or MarketoDailyQuotaExceededException or MarketoThrottledException))
        {
            ExportJob current;
            try
            {
                current = await marketo.GetExportJobStatusAsync(entity, input.ExportId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception notFound) when (ExportObjectMapping.IsJobNotFound(notFound))
            {
                // Marketo no longer knows the job (expired, or another instance): the orchestrator recreates it.
                return new ExportJobState(input.ExportId, ExportJobPhase.Unknown) { ErrorMessage = ex.Message };
            }

            if (current.Status != ExportJobStatus.Created)
            {
                return ExportObjectMapping.ToState(current);
            }

            throw;
        }
    }
}
