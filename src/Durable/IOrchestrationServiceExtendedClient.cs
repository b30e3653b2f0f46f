using DurableTask.Core;

namespace MarketoExport.Durable;

/// <summary>Client operations that DurableTask.Core's client interfaces lack, offered by this project's providers.</summary>
public interface IOrchestrationServiceExtendedClient
{
    /// <summary>Terminates an instance and, when <paramref name="recursive"/>, its running descendants.</summary>
    /// <returns>False when the instance does not exist.</returns>
    Task<bool> TerminateAsync(string instanceId, string reason, bool recursive, CancellationToken cancellationToken = default);

    /// <summary>Waits until the instance has left Pending (or ended); null when it does not exist after the timeout.</summary>
    Task<OrchestrationState?> WaitForOrchestrationStartAsync(string instanceId, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Purges an instance and, when <paramref name="recursive"/>, its descendants (all must have ended).</summary>
    /// <exception cref="InvalidOperationException">The instance or a descendant has not ended.</exception>
    Task<int> PurgeInstanceAsync(string instanceId, bool recursive, CancellationToken cancellationToken = default);
}
