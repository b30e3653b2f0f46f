using Microsoft.Extensions.Logging;

namespace MarketoExport.Activities;

/// <summary>Log messages of the activities.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "{Object}: download of export {ExportId} cut at byte {Offset} ({Reason}); resuming with a Range request")]
    public static partial void DownloadCut(ILogger logger, string @object, string exportId, long offset, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Critical, Message = "ALERT run {RunId}: {Reason}")]
    public static partial void Alert(ILogger logger, string runId, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Alert webhook answered HTTP {StatusCode}")]
    public static partial void AlertWebhookFailed(ILogger logger, int statusCode);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Checkpoint custom object {ApiName}: {Action}")]
    public static partial void Provisioned(ILogger logger, string apiName, string action);
}
