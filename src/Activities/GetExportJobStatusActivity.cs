using MarketoExport.Marketo;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;

namespace MarketoExport.Activities;

/// <summary>Reads a job's status; a job Marketo no longer knows comes back as <see cref="ExportJobPhase.Unknown"/>.</summary>
public sealed class GetExportJobStatusActivity(IMarketoClient marketo, IActivityEnvironment environment) : TaskActivity<ExportJobRef, ExportJobState>
{
    /// <inheritdoc />
    public override Task<ExportJobState> RunAsync(TaskActivityContext context, ExportJobRef input)
        => RunAsync(input, environment.Stopping);

    /// <summary>The activity body, with the token that stops it when the host shuts down.</summary>
    public async Task<ExportJobState> RunAsync(ExportJobRef input, CancellationToken cancellationToken)
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
