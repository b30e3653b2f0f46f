using MarketoExport.Orchestrations.Abstractions;

namespace MarketoExport.Runtime.Embedded.Replay;

/// <summary>What one orchestration turn produced.</summary>
internal sealed record OrchestrationOutcome(OrchestrationRuntimeStatus Status)
{
    /// <summary>The output as JSON when completed; the new input when continued as new.</summary>
    public string? Output { get; init; }

    public TaskFailureDetails? Failure { get; init; }

    public string? CustomStatus { get; init; }

    /// <summary>Steps scheduled in this turn (not yet in history).</summary>
    public IReadOnlyList<OrchestratorAction> NewActions { get; init; } = [];

    /// <summary>When running: the steps the code scheduled that have no result yet.</summary>
    public IReadOnlyList<int> PendingTaskIds { get; init; } = [];

    /// <summary>Events to carry into the next generation on continue-as-new.</summary>
    public IReadOnlyList<(string Name, string? Payload)> CarryOverEvents { get; init; } = [];
}
