using Microsoft.Extensions.Logging;

namespace MarketoExport.FunctionApp;

/// <summary>The Function App's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Scheduled export run {InstanceId} started (past due: {IsPastDue}).")]
    public static partial void ScheduledRunStarted(ILogger logger, string instanceId, bool isPastDue);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Scheduled export skipped: run {InstanceId} is still {Status}; runs are singletons.")]
    public static partial void ScheduledRunSkipped(ILogger logger, string instanceId, string status);

    /// <summary><see cref="KeyVaultReferences.DisabledMessage"/>: which settings, that alerts are off, what to check.</summary>
    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "{Reason}")]
    public static partial void OptionalFeatureOff(ILogger logger, string reason);
}
