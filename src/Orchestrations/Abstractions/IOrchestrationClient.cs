namespace MarketoExport.Orchestrations.Abstractions;

/// <summary>
/// Manages orchestration instances (Durable Task's <c>DurableTaskClient</c>). Implemented by the embedded engine
/// and, on Azure, by an adapter over the Durable client.
/// </summary>
public interface IOrchestrationClient
{
    /// <summary>Schedules a new instance and returns its id.</summary>
    /// <exception cref="OrchestrationAlreadyExistsException">The fixed id belongs to an instance that is still running.</exception>
    Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>One instance, or null when no such id exists.</summary>
    Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default);

    /// <summary>Instances matching a query, newest first.</summary>
    Task<IReadOnlyList<OrchestrationMetadata>> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default);

    /// <summary>Waits until the instance is Completed, Failed or Terminated.</summary>
    Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default);

    /// <summary>Raises an external event on a running instance.</summary>
    Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default);

    /// <summary>Terminates a running instance (and its running sub-orchestrations).</summary>
    Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellationToken = default);

    /// <summary>Suspends a running instance: it takes no new turns until resumed.</summary>
    Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Resumes a suspended instance.</summary>
    Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes a finished instance and its history. Returns how many instances were purged.</summary>
    Task<int> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Starts a finished instance again with its original input, under a new id or the same one. Returns the id.</summary>
    Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId, CancellationToken cancellationToken = default);

    /// <summary>Re-runs a failed instance from its failed steps, keeping every completed step's result.</summary>
    Task RewindInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default);
}
