namespace MarketoExport.Runtime.Embedded.Replay;

/// <summary>What an orchestrator step schedules.</summary>
internal enum ActionKind
{
    Activity,
    Timer,
    SubOrchestration,
}
