namespace MarketoExport.Durable;

/// <summary>Rewind of Failed instances, which DurableTask.Core's client interfaces do not have.</summary>
public interface IOrchestrationServiceRewindClient
{
    /// <summary>
    /// Rewinds a Failed instance (and its failed children, each with its own mode) so it runs the failed steps
    /// again, in one transaction. No orchestrator code runs during the rewind.
    /// </summary>
    /// <param name="instanceId">The Failed instance.</param>
    /// <param name="reason">Recorded in the instance's history.</param>
    /// <param name="modeOf">The rewind mode of an orchestration, by orchestration name.</param>
    /// <param name="cancellationToken">Cancels the wait for the database.</param>
    /// <exception cref="InvalidOperationException">The instance cannot be rewound; nothing was changed.</exception>
    Task RewindAsync(string instanceId, string reason, Func<string, RewindMode> modeOf, CancellationToken cancellationToken = default);
}
