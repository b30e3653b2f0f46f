using MarketoExport.Marketo;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Activities;

/// <summary>Cancels a job. Idempotent: a job already finished or gone reports its status instead.</summary>
public sealed class CancelExportJobActivity(IMarketoClient marketo) : Activity<ExportJobRef, ExportJobState>
{
    /// <inheritdoc />
    public override async Task<ExportJobState> RunAsync(ActivityContext context, ExportJobRef input, CancellationToken cancellationToken)
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
