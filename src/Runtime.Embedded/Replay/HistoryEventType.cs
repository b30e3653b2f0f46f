namespace MarketoExport.Runtime.Embedded.Replay;

/// <summary>The kinds of history events (and of inbox messages, which become history events).</summary>
internal enum HistoryEventType
{
    OrchestratorStarted,
    ExecutionStarted,
    TaskScheduled,
    TaskCompleted,
    TaskFailed,
    TimerCreated,
    TimerFired,
    SubOrchestrationCreated,
    SubOrchestrationCompleted,
    SubOrchestrationFailed,
    EventRaised,

    // Control messages: handled by the dispatcher, never stored in history.
    Terminate,
    Suspend,
    Resume,
    Wake,
}
