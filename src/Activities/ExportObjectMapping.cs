using MarketoExport.Marketo.BulkExport;
using MarketoExport.Marketo.Errors;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Activities;

/// <summary>Maps the orchestration's payloads onto the Marketo client's types.</summary>
internal static class ExportObjectMapping
{
    public static ExportEntity ToEntity(ExportObject exportObject) => exportObject.Kind switch
    {
        ExportObjectKind.Leads => ExportEntity.Leads,
        ExportObjectKind.Activities => ExportEntity.Activities,
        ExportObjectKind.ProgramMembers => ExportEntity.ProgramMembers,
        ExportObjectKind.CustomObject => ExportEntity.CustomObject(exportObject.CustomObjectName ?? string.Empty),
        _ => throw new ArgumentOutOfRangeException(nameof(exportObject), exportObject.Kind, "unknown export object kind"),
    };

    public static ExportJobRequest ToJobRequest(CreateExportJobRequest request)
    {
        ExportObject o = request.Object;
        var range = new ExportDateRange(
            new DateTimeOffset(DateTime.SpecifyKind(request.Window.Start, DateTimeKind.Utc)),
            new DateTimeOffset(DateTime.SpecifyKind(request.Window.End, DateTimeKind.Utc)));
        ExportFilter filter = o.Kind switch
        {
            ExportObjectKind.Leads => request.FilterField == DateFilterField.CreatedAt
                ? new LeadExportFilter { CreatedAt = range }
                : new LeadExportFilter { UpdatedAt = range },
            ExportObjectKind.Activities => new ActivityExportFilter(range) { ActivityTypeIds = o.ActivityTypeIds is { Count: > 0 } ids ? ids : null },
            ExportObjectKind.ProgramMembers => new ProgramMemberExportFilter
            {
                ProgramIds = o.ProgramIds is { Count: > 0 } p
                    ? p
                    : throw new ArgumentException("Program member export needs program ids (Export:ProgramIds, 1 to 10 ids)."),
                UpdatedAt = range,
            },
            _ => new CustomObjectExportFilter { UpdatedAt = range },
        };
        return new ExportJobRequest(o.Fields is { Count: > 0 } f ? f : null, filter);
    }

    public static ExportJobState ToState(ExportJob job) => new(job.ExportId, job.Status switch
    {
        ExportJobStatus.Created => ExportJobPhase.Created,
        ExportJobStatus.Queued => ExportJobPhase.Queued,
        ExportJobStatus.Processing => ExportJobPhase.Processing,
        ExportJobStatus.Completed => ExportJobPhase.Completed,
        ExportJobStatus.Failed => ExportJobPhase.Failed,
        ExportJobStatus.Cancelled => ExportJobPhase.Cancelled,
        _ => ExportJobPhase.Unknown,
    })
    {
        NumberOfRecords = job.NumberOfRecords,
        FileSize = job.FileSize,
        FileChecksum = job.FileChecksum,
        QueuedAt = job.QueuedAt?.UtcDateTime,
        FinishedAt = job.FinishedAt?.UtcDateTime,
        ErrorMessage = job.ErrorMsg,
    };

    /// <summary>Marketo's answers for an export id it does not know (1003 on Bulk, 610/1013 elsewhere, HTTP 404).</summary>
    public static bool IsJobNotFound(Exception ex) => ex switch
    {
        MarketoHttpException http => http.StatusCode == 404,
        MarketoApiException api when api is not (MarketoThrottledException or MarketoDailyQuotaExceededException) =>
            api.Code == MarketoErrorCode.InvalidData || api.Code == MarketoErrorCode.NotFound || api.Code == MarketoErrorCode.ObjectNotFound,
        _ => false,
    };
}
