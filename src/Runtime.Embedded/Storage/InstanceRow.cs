using MarketoExport.Orchestrations.Abstractions;

namespace MarketoExport.Runtime.Embedded.Storage;

/// <summary>One row of the instances table.</summary>
internal sealed record InstanceRow(string InstanceId, string Name, OrchestrationRuntimeStatus Status)
{
    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? CustomStatus { get; init; }

    public TaskFailureDetails? Failure { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    public string? ParentId { get; init; }

    public int ParentTaskId { get; init; } = -1;

    public int ParentGeneration { get; init; }

    public int Generation { get; init; }

    public int DispatchCount { get; init; }

    public bool IsRunning => Status is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running
        or OrchestrationRuntimeStatus.Suspended;

    public bool IsTerminal => !IsRunning;

    public OrchestrationMetadata ToMetadata(bool withData) => new(
        Name,
        InstanceId,
        Status,
        new DateTimeOffset(CreatedAt, TimeSpan.Zero),
        new DateTimeOffset(UpdatedAt, TimeSpan.Zero))
    {
        SerializedInput = withData ? Input : null,
        SerializedOutput = withData ? Output : null,
        SerializedCustomStatus = CustomStatus,
        FailureDetails = Failure,
    };
}
