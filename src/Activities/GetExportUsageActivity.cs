using MarketoExport.Marketo;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Activities;

/// <summary>
/// Today's bulk export usage, as Adobe defines it: the sum of <c>fileSize</c> over jobs that finished since the
/// quota day began (midnight US Central). Lists the three standard bulk endpoints plus the requested custom objects.
/// </summary>
public sealed class GetExportUsageActivity(IMarketoClient marketo) : Activity<ExportUsageRequest, ExportUsage>
{
    /// <inheritdoc />
    public override async Task<ExportUsage> RunAsync(ActivityContext context, ExportUsageRequest input, CancellationToken cancellationToken)
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
