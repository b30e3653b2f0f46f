using Microsoft.Extensions.Logging;

namespace MarketoExport.Activities;

/// <summary>Log messages of the activities.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "{Object}: download of export {ExportId} cut at byte {Offset} ({Reason}); resuming with a Range request")]
    public static partial void DownloadCut(ILogger logger, string @object, string exportId, long offset, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "{Object}: download of export {ExportId} resumes at byte {Offset} of {Size}, landed by an earlier execution")]
    public static partial void DownloadResumed(ILogger logger, string @object, string exportId, long offset, long? size);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "{Object}: a partial download of {File} was discarded, not resumed: {Reason}")]
    public static partial void PartialDiscarded(ILogger logger, string @object, string file, string reason);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "{Object}: export {ExportId} cannot resume at byte {Offset} ({Reason}); discarding the landed bytes and starting from byte 0")]
    public static partial void ResumeRefused(ILogger logger, string @object, string exportId, long offset, string reason);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "{Object}: download of export {ExportId} reached this execution's budget of {Budget} at byte {Offset}; the next execution resumes from there")]
    public static partial void DownloadBudgetReached(ILogger logger, string @object, string exportId, TimeSpan budget, long offset);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Critical, Message = "ALERT run {RunId}: {Reason}")]
    public static partial void Alert(ILogger logger, string runId, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Alert webhook answered HTTP {StatusCode}")]
    public static partial void AlertWebhookFailed(ILogger logger, int statusCode);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Checkpoint custom object {ApiName}: {Action}")]
    public static partial void Provisioned(ILogger logger, string apiName, string action);
}
