namespace MarketoExport.Runtime.Embedded;

/// <summary>
/// Thrown (and recorded as the instance's failure) when replaying an orchestrator schedules something other than
/// what its history holds at the same step: the orchestrator code changed while the instance was running, or it
/// is not deterministic.
/// </summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NonDeterministicOrchestrationException(string instanceId, int taskId, string historyStep, string codeStep)
        : base(
            $"Non-deterministic orchestration '{instanceId}': history has {historyStep} #{taskId} but the code now schedules {codeStep} #{taskId}. " +
            "Orchestrator code must schedule the same steps in the same order on every replay; deploy code changes only when no instance is running, or start a new instance.")
    {
        InstanceId = instanceId;
        TaskId = taskId;
        HistoryStep = historyStep;
        CodeStep = codeStep;
    }

    /// <summary>The instance whose replay diverged.</summary>
    public string InstanceId { get; }

    /// <summary>The sequence number of the step that diverged.</summary>
    public int TaskId { get; }

    /// <summary>What history holds at that step, e.g. <c>ActivityScheduled 'X'</c>.</summary>
    public string HistoryStep { get; }

    /// <summary>What the code now does at that step, e.g. <c>Timer</c> or <c>nothing</c>.</summary>
    public string CodeStep { get; }
}
