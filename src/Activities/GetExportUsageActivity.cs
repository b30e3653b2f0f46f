using MarketoExport.Marketo;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;

namespace MarketoExport.Activities;

/// <summary>
/// Today's bulk export usage, as Adobe defines it: the sum of <c>fileSize</c> over jobs that finished since the
/// quota day began (midnight US Central). Lists the three standard bulk endpoints plus the requested custom objects.
/// </summary>
public sealed class GetExportUsageActivity(IMarketoClient marketo, IActivityEnvironment environment) : TaskActivity<ExportUsageRequest, ExportUsage>
{
    /// <inheritdoc />
    public override Task<ExportUsage> RunAsync(TaskActivityContext context, ExportUsageRequest input)
        => RunAsync(input, environment.Stopping);

    /// <summary>The activity body, with the token that stops it when the host shuts down.</summary>
    public async Task<ExportUsage> RunAsync(ExportUsageRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var entities = new List<ExportEntity> { ExportEntity.Leads, ExportEntity.Activities, ExportEntity.ProgramMembers };
        entities.AddRange(input.Objects.Where(o => o.Kind == ExportObjectKind.CustomObject).Select(ExportObjectMapping.ToEntity).Distinct());
        var since = new DateTimeOffset(DateTime.SpecifyKind(input.SinceUtc, DateTimeKind.Utc));
        long bytes = 0;
        foreach (ExportEntity entity in entities)
        {
            IReadOnlyList<ExportJob> jobs = await marketo.ListExportJobsAsync(entity, [ExportJobStatus.Completed], cancellationToken).ConfigureAwait(false);
            bytes += jobs.Where(j => j.FinishedAt >= since).Sum(j => j.FileSize ?? 0);
        }

        return new ExportUsage(bytes);
    }
}
