using Microsoft.Extensions.Logging;

namespace MarketoExport.Orchestrations.Export;

/// <summary>Log messages of the export orchestrators (written through replay-safe loggers).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "{Object}: {WindowCount} window(s) to export from {Start} to {End}")]
    public static partial void Planned(ILogger logger, string @object, int windowCount, DateTime start, DateTime end);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "{Object}: re-attaching to in-flight export {ExportId} ({Phase}) for window {Window}")]
    public static partial void Reattaching(ILogger logger, string @object, string exportId, ExportJobPhase phase, ExportWindow window);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "{Object}: export job for window {Window} must be redone: {Reason}")]
    public static partial void Redo(ILogger logger, string @object, ExportWindow window, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "{Object}: {Note}")]
    public static partial void Note(ILogger logger, string @object, string note);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "{Object}: window {Window} landed as {File} ({Records} records, {Bytes} bytes); checkpoint advanced")]
    public static partial void Landed(ILogger logger, string @object, ExportWindow window, string file, long records, long bytes);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "{Object}: export failed: {Reason}")]
    public static partial void ObjectFailed(ILogger logger, string @object, string reason);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Alert could not be sent: {Reason}")]
    public static partial void AlertFailed(ILogger logger, string reason);
}
