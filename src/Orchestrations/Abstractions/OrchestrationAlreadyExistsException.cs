namespace MarketoExport.Orchestrations.Abstractions;

/// <summary>Thrown when a start names an instance id that is still running.</summary>
public sealed class OrchestrationAlreadyExistsException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status)
        : base($"An orchestration with instance id '{instanceId}' is already {status}; wait for it to finish or terminate it.")
    {
        InstanceId = instanceId;
        Status = status;
    }

    /// <summary>The id that is taken.</summary>
    public string InstanceId { get; }

    /// <summary>The status of the instance holding it.</summary>
    public OrchestrationRuntimeStatus Status { get; }
}
