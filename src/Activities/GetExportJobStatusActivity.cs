using MarketoExport.Marketo;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Activities;

/// <summary>Reads a job's status; a job Marketo no longer knows comes back as <see cref="ExportJobPhase.Unknown"/>.</summary>
public sealed class GetExportJobStatusActivity(IMarketoClient marketo) : Activity<ExportJobRef, ExportJobState>
{
    /// <inheritdoc />
    public override async Task<ExportJobState> RunAsync(ActivityContext context, ExportJobRef input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return ExportObjectMapping.ToState(await marketo.GetExportJobStatusAsync(
                ExportObjectMapping.ToEntity(input.Object), input.ExportId, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ExportObjectMapping.IsJobNotFound(ex))
        {
            return new ExportJobState(input.ExportId, ExportJobPhase.Unknown) { ErrorMessage = ex.Message };
        }
    }
}
