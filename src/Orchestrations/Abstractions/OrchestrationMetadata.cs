namespace MarketoExport.Orchestrations.Abstractions;

/// <summary>The state of one orchestration instance, as a client sees it.</summary>
public sealed record OrchestrationMetadata(
    string Name,
    string InstanceId,
    OrchestrationRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt)
{
    /// <summary>The input as JSON, when requested.</summary>
    public string? SerializedInput { get; init; }

    /// <summary>The output as JSON, when completed and requested.</summary>
    public string? SerializedOutput { get; init; }

    /// <summary>The custom status as JSON.</summary>
    public string? SerializedCustomStatus { get; init; }

    /// <summary>Why it failed, when it failed.</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>True while the instance is Pending, Running or Suspended.</summary>
    public bool IsRunning => RuntimeStatus is OrchestrationRuntimeStatus.Pending
        or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended;

    /// <summary>True when the instance has finished for good.</summary>
    public bool IsCompleted => RuntimeStatus is OrchestrationRuntimeStatus.Completed
        or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}
