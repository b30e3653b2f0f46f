using Microsoft.Extensions.Logging;

namespace MarketoExport.Cli.Server;

/// <summary>The server's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Export run {InstanceId} started by {Trigger}")]
    public static partial void RunStarted(ILogger logger, string instanceId, string trigger);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Export run {InstanceId} finished {Status} {Reason}")]
    public static partial void RunFinished(ILogger logger, string instanceId, string status, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Scheduled tick at {Due:o} skipped: run {InstanceId} is still {Status} (started {CreatedAt:o})")]
    public static partial void TickSkipped(ILogger logger, DateTimeOffset due, string instanceId, string status, DateTimeOffset createdAt);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Schedule '{Cron}' ({TimeZone}): next run at {Next:o}")]
    public static partial void NextTick(ILogger logger, string cron, string timeZone, DateTimeOffset next);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "Scheduled tick at {Due:o} could not start a run: {Reason}")]
    public static partial void TickFailed(ILogger logger, DateTimeOffset due, string reason);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Marketo usage figures unavailable: {Reason}")]
    public static partial void UsageFailed(ILogger logger, string reason);
}
