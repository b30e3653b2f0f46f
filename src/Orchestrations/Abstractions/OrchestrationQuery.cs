namespace MarketoExport.Orchestrations.Abstractions;

/// <summary>A filter for listing instances. Empty members do not filter.</summary>
public sealed record OrchestrationQuery
{
    /// <summary>Only instances in one of these statuses.</summary>
    public IReadOnlyList<OrchestrationRuntimeStatus>? Statuses { get; init; }

    /// <summary>Only instances created at or after this time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only instances created at or before this time.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Only instances whose id starts with this prefix.</summary>
    public string? InstanceIdPrefix { get; init; }

    /// <summary>Only instances of this orchestrator.</summary>
    public string? Name { get; init; }

    /// <summary>Include input, output and custom status.</summary>
    public bool FetchInputsAndOutputs { get; init; }

    /// <summary>At most this many, newest first.</summary>
    public int PageSize { get; init; } = 100;
}
