using MarketoExport.Marketo;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;

namespace MarketoExport.Activities;

/// <summary>
/// After a crash during create: the newest job of the object still Created and created at or after the marker time
/// (less <see cref="ClockSkew"/>), or <see cref="ExportJobPhase.Unknown"/> when there is none. Read-only.
/// </summary>
public sealed class FindCreatedExportJobActivity(IMarketoClient marketo, IActivityEnvironment environment) : TaskActivity<FindCreatedExportJobRequest, ExportJobState>
{
    /// <summary>Tolerance between this host's clock and Marketo's.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    /// <inheritdoc />
    public override Task<ExportJobState> RunAsync(TaskActivityContext context, FindCreatedExportJobRequest input)
        => RunAsync(input, environment.Stopping);

    /// <summary>The activity body, with the token that stops it when the host shuts down.</summary>
    public async Task<ExportJobState> RunAsync(FindCreatedExportJobRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ExportJob? newest = await FindAsync(marketo, input.Object, input.CreatedAfterUtc, cancellationToken).ConfigureAwait(false);
        return newest is null
            ? new ExportJobState(string.Empty, ExportJobPhase.Unknown) { ErrorMessage = "no Created job since the marker" }
            : ExportObjectMapping.ToState(newest);
    }

    /// <summary>The newest job of the object still Created and created at or after <paramref name="createdAfterUtc"/> less <see cref="ClockSkew"/>.</summary>
    internal static async Task<ExportJob?> FindAsync(IMarketoClient marketo, ExportObject exportObject, DateTime createdAfterUtc, CancellationToken cancellationToken)
    {
        IReadOnlyList<ExportJob> created = await marketo.ListExportJobsAsync(
            ExportObjectMapping.ToEntity(exportObject), [ExportJobStatus.Created], cancellationToken).ConfigureAwait(false);
        var after = new DateTimeOffset(DateTime.SpecifyKind(createdAfterUtc, DateTimeKind.Utc)) - ClockSkew;
        return created.Where(j => j.Status == ExportJobStatus.Created && j.CreatedAt >= after).MaxBy(j => j.CreatedAt);
    }
}
