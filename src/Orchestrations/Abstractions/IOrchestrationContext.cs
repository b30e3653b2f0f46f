using Microsoft.Extensions.Logging;

namespace MarketoExport.Orchestrations.Abstractions;

/// <summary>
/// The orchestration context every orchestrator is written against. Its members mirror Durable Task's
/// <c>TaskOrchestrationContext</c> one for one, so the Azure Functions adapter is plain forwarding and the
/// embedded engine honours the same contract.
/// </summary>
/// <remarks>
/// Orchestrator code is replayed from history and must be deterministic: no I/O, no <c>DateTime.UtcNow</c>,
/// no <c>Task.Delay</c>, no <c>Guid.NewGuid</c>, no injected services, no <c>ConfigureAwait(false)</c>.
/// Use only the members of this context.
/// </remarks>
public interface IOrchestrationContext
{
    /// <summary>The registered name of the running orchestrator.</summary>
    string Name { get; }

    /// <summary>The id of this orchestration instance.</summary>
    string InstanceId { get; }

    /// <summary>The replay-safe current time: the time recorded in history for the current turn (UTC).</summary>
    DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the orchestrator is re-executing steps that are already in its history.</summary>
    bool IsReplaying { get; }

    /// <summary>The instance's input, deserialized from JSON.</summary>
    T? GetInput<T>();

    /// <summary>Schedules an activity and returns its deserialized result. A failure surfaces as <see cref="TaskFailedException"/>.</summary>
    Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Schedules an activity that returns nothing.</summary>
    Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Creates a durable timer that fires at <paramref name="fireAt"/> (UTC); it survives restarts.</summary>
    Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>Schedules a sub-orchestration, optionally with a fixed instance id, and returns its output.</summary>
    Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Waits for an external event raised on this instance (names are case-insensitive).</summary>
    Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Sets the instance's custom status (serialized to JSON; keep it under 16 KB).</summary>
    void SetCustomStatus(object? customStatus);

    /// <summary>Restarts this instance with a new input and a truncated history once the current turn ends.</summary>
    void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>A deterministic, replay-safe GUID.</summary>
    Guid NewGuid();

    /// <summary>A logger that writes nothing while the orchestrator is replaying.</summary>
    ILogger CreateReplaySafeLogger(string categoryName);
}
