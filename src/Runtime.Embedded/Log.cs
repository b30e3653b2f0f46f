using Microsoft.Extensions.Logging;

namespace MarketoExport.Runtime.Embedded;

internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Embedded durable engine started on {DatabasePath} (process {ProcessId})")]
    public static partial void EngineStarted(ILogger logger, string databasePath, int processId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Embedded durable engine stopped")]
    public static partial void EngineStopped(ILogger logger);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Orchestration {InstanceId} turn ended {Status} with {NewActions} new actions")]
    public static partial void TurnCommitted(ILogger logger, string instanceId, MarketoExport.Orchestrations.Abstractions.OrchestrationRuntimeStatus status, int newActions);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Orchestration {InstanceId} turn could not be processed (dispatch {Dispatch})")]
    public static partial void TurnFailed(ILogger logger, Exception exception, string instanceId, int dispatch);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Work item {WorkItem} parked after {Dispatches} dispatches: {Reason}")]
    public static partial void Parked(ILogger logger, string workItem, int dispatches, string reason);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Activity {Name} of {InstanceId} failed: {ErrorType}")]
    public static partial void ActivityFailed(ILogger logger, string name, string instanceId, string errorType);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Engine loop {Loop} failed; it restarts")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string loop);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Orchestration {InstanceId} ended {Status}")]
    public static partial void InstanceEnded(ILogger logger, string instanceId, MarketoExport.Orchestrations.Abstractions.OrchestrationRuntimeStatus status);
}
