using MarketoExport.Orchestrations.Abstractions;

namespace MarketoExport.Runtime.Embedded.Replay;

/// <summary>One history event (or inbox message).</summary>
/// <param name="Type">What happened.</param>
/// <param name="TaskId">The sequence number of the step it belongs to; -1 when none.</param>
/// <param name="Timestamp">When it was recorded (UTC).</param>
internal sealed record HistoryEvent(HistoryEventType Type, int TaskId, DateTime Timestamp)
{
    /// <summary>Activity, sub-orchestrator, orchestrator or event name.</summary>
    public string? Name { get; init; }

    /// <summary>Input, result or payload as JSON.</summary>
    public string? Data { get; init; }

    /// <summary>The failure, for failed events.</summary>
    public TaskFailureDetails? Failure { get; init; }

    /// <summary>The child instance id of a sub-orchestration.</summary>
    public string? Reference { get; init; }

    /// <summary>The fire time of a timer (UTC).</summary>
    public DateTime? FireAt { get; init; }

    /// <summary>The retry attempt (1-based) of a scheduled task.</summary>
    public int Attempt { get; init; } = 1;

    public bool IsScheduling => Type is HistoryEventType.TaskScheduled or HistoryEventType.TimerCreated
        or HistoryEventType.SubOrchestrationCreated;

    public bool IsTaskResult => Type is HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed
        or HistoryEventType.TimerFired or HistoryEventType.SubOrchestrationCompleted or HistoryEventType.SubOrchestrationFailed;

    /// <summary>How the step reads in a non-determinism message.</summary>
    public string Describe() => Type switch
    {
        HistoryEventType.TaskScheduled => $"ActivityScheduled '{Name}'",
        HistoryEventType.TimerCreated => "TimerCreated",
        HistoryEventType.SubOrchestrationCreated => $"SubOrchestrationCreated '{Name}'",
        _ => Type.ToString(),
    };

    /// <summary>The scheduling event type a result event belongs to.</summary>
    public static HistoryEventType? SchedulingTypeOf(HistoryEventType resultType) => resultType switch
    {
        HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed => HistoryEventType.TaskScheduled,
        HistoryEventType.TimerFired => HistoryEventType.TimerCreated,
        HistoryEventType.SubOrchestrationCompleted or HistoryEventType.SubOrchestrationFailed => HistoryEventType.SubOrchestrationCreated,
        _ => null,
    };
}
