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

    // A rewind marker: the step with this TaskId had its failure undone and runs again. Its presence lets the
    // replay match scheduling events that the code reaches later than history recorded them.
    Rewound,

    // Control messages: handled by the dispatcher, never stored in history.
    Terminate,
    Suspend,
    Resume,
    Wake,
}
