namespace MarketoExport.Orchestrations.Abstractions;

/// <summary>Thrown into orchestrator code when an activity or sub-orchestration it awaited failed.</summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with {failureDetails?.ErrorType}: {failureDetails?.ErrorMessage}")
    {
        ArgumentNullException.ThrowIfNull(failureDetails);
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>The name of the failed activity or sub-orchestrator.</summary>
    public string TaskName { get; }

    /// <summary>The sequence number of the failed task within the orchestration.</summary>
    public int TaskId { get; }

    /// <summary>What the failure was.</summary>
    public TaskFailureDetails FailureDetails { get; }
}
