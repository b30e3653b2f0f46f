using MarketoExport.Marketo;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;

namespace MarketoExport.Activities;

/// <summary>Cancels a job. Idempotent: a job already finished or gone reports its status instead.</summary>
public sealed class CancelExportJobActivity(IMarketoClient marketo, IActivityEnvironment environment) : TaskActivity<ExportJobRef, ExportJobState>
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
            return ExportObjectMapping.ToState(await marketo.CancelExportJobAsync(entity, input.ExportId, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ExportObjectMapping.IsJobNotFound(ex))
        {
            return new ExportJobState(input.ExportId, ExportJobPhase.Unknown) { ErrorMessage = ex.Message };
        }
    }
}
