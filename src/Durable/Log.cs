using Microsoft.Extensions.Logging;

namespace MarketoExport.Durable;

/// <summary>The project's log messages, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Opened durable task database {DatabasePath} as process {ProcessId}")]
    public static partial void Opened(ILogger logger, string databasePath, int processId);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Released the locks a previous owner of {DatabasePath} left: {Instances} instance(s), {Messages} message(s); their work runs again")]
    public static partial void ReleasedStaleLocks(ILogger logger, string databasePath, int instances, int messages);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Parked the orchestration work item of instance {InstanceId} after {Attempts} dispatches without completion; the instance is Failed")]
    public static partial void ParkedOrchestration(ILogger logger, string instanceId, int attempts);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Parked activity {ActivityName} (task {TaskId} of instance {InstanceId}) after {Attempts} dispatches without completion; its orchestrator receives a failure")]
    public static partial void ParkedActivity(ILogger logger, string activityName, int taskId, string instanceId, int attempts);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Dropped {Count} stale message(s) of instance {InstanceId}")]
    public static partial void DroppedStaleMessages(ILogger logger, string instanceId, int count);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Rewound instance {InstanceId} ({Mode}): {Reason}")]
    public static partial void Rewound(ILogger logger, string instanceId, RewindMode mode, string reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "Ignored a duplicate completion of activity message {MessageId} of instance {InstanceId}")]
    public static partial void DuplicateActivityCompletion(ILogger logger, long messageId, string instanceId);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Durable worker started on {Service}")]
    public static partial void WorkerStarted(ILogger logger, string service);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Durable worker stopped; {Remaining} work item(s) still running after the grace period")]
    public static partial void WorkerStopped(ILogger logger, int remaining);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "Cancelling {Count} running activity work item(s) on stop")]
    public static partial void CancellingActivities(ILogger logger, int count);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "Running activity {ActivityName} (task {TaskId} of instance {InstanceId}), delivery {Attempt}")]
    public static partial void ActivityStarting(ILogger logger, string activityName, int taskId, string instanceId, long attempt);
}
