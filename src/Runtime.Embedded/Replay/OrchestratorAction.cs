namespace MarketoExport.Runtime.Embedded.Replay;

/// <summary>A step the orchestrator code scheduled during a replay, with the task its code awaits.</summary>
internal sealed class OrchestratorAction(int taskId, ActionKind kind, string name)
{
    public int TaskId { get; } = taskId;

    public ActionKind Kind { get; } = kind;

    public string Name { get; } = name;

    public string? Input { get; init; }

    public DateTime FireAt { get; init; }

    public string? ChildInstanceId { get; init; }

    public int Attempt { get; init; } = 1;

    // Continuations run synchronously on the replay thread: never RunContinuationsAsynchronously here.
    public TaskCompletionSource<string?> Completion { get; } = new();

    public HistoryEventType SchedulingType => Kind switch
    {
        ActionKind.Activity => HistoryEventType.TaskScheduled,
        ActionKind.Timer => HistoryEventType.TimerCreated,
        _ => HistoryEventType.SubOrchestrationCreated,
    };

    public string Describe() => Kind switch
    {
        ActionKind.Activity => $"Activity '{Name}'",
        ActionKind.Timer => "Timer",
        _ => $"SubOrchestration '{Name}'",
    };

    public HistoryEvent ToHistoryEvent(DateTime timestamp) => new(SchedulingType, TaskId, timestamp)
    {
        Name = Kind == ActionKind.Timer ? null : Name,
        Data = Input,
        FireAt = Kind == ActionKind.Timer ? FireAt : null,
        Reference = ChildInstanceId,
        Attempt = Attempt,
    };
}
