using System.Text.Json;
using MarketoExport.Orchestrations.Abstractions;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Runtime.Embedded.Replay;

/// <summary>
/// The orchestration context of one replay. Every member is called on the replay thread; scheduling calls
/// record an <see cref="OrchestratorAction"/> with the next sequence number, which the executor matches
/// against history.
/// </summary>
internal sealed class EmbeddedOrchestrationContext(
    string name, string instanceId, string? serializedInput, JsonSerializerOptions json, ILoggerFactory loggers)
    : IOrchestrationContext
{
    private readonly List<OrchestratorAction> _actions = [];
    private readonly Dictionary<string, Queue<string?>> _bufferedEvents = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> _eventWaiters = new(StringComparer.OrdinalIgnoreCase);
    private int _guidCounter;

    public string Name { get; } = name;

    public string InstanceId { get; } = instanceId;

    public DateTime CurrentUtcDateTime { get; internal set; }

    public bool IsReplaying { get; internal set; }

    internal IReadOnlyList<OrchestratorAction> Actions => _actions;

    internal string? SerializedCustomStatus { get; set; }

    internal bool ContinueAsNewRequested { get; private set; }

    internal string? ContinueAsNewInput { get; private set; }

    internal bool PreserveUnprocessedEvents { get; private set; }

    public T? GetInput<T>() => Deserialize<T>(serializedInput);

    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        string? result = await CallAsync(ActionKind.Activity, name, input, options, fixedInstanceId: null);
        return Deserialize<TResult>(result)!;
    }

    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null)
        => CallAsync(ActionKind.Activity, name, input, options, fixedInstanceId: null);

    public async Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        string? result = await CallAsync(ActionKind.SubOrchestration, name, input, options, (options as SubOrchestrationOptions)?.InstanceId);
        return Deserialize<TResult>(result)!;
    }

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        DateTime utc = fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        OrchestratorAction action = Add(ActionKind.Timer, "timer", input: null, attempt: 1, childInstanceId: null, utc);
        if (cancellationToken.CanBeCanceled)
        {
            // Cancellation comes from orchestrator code on the replay thread, so it replays identically.
            cancellationToken.Register(() => action.Completion.TrySetCanceled(cancellationToken));
        }

        return action.Completion.Task;
    }

    public Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        if (_bufferedEvents.TryGetValue(eventName, out Queue<string?>? buffered) && buffered.Count > 0)
        {
            return Task.FromResult(Deserialize<T>(buffered.Dequeue())!);
        }

        var waiter = new TaskCompletionSource<string?>();
        if (!_eventWaiters.TryGetValue(eventName, out LinkedList<TaskCompletionSource<string?>>? waiters))
        {
            waiters = new LinkedList<TaskCompletionSource<string?>>();
            _eventWaiters[eventName] = waiters;
        }

        LinkedListNode<TaskCompletionSource<string?>> node = waiters.AddLast(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    waiters.Remove(node);
                }

                waiter.TrySetCanceled(cancellationToken);
            });
        }

        return Convert<T>(waiter.Task);
    }

    public void SetCustomStatus(object? customStatus) => SerializedCustomStatus = customStatus is null ? null : Serialize(customStatus);

    public void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        ContinueAsNewRequested = true;
        ContinueAsNewInput = Serialize(newInput);
        PreserveUnprocessedEvents = preserveUnprocessedEvents;
    }

    public Guid NewGuid() => DeterministicGuid.Create($"{InstanceId}:{_guidCounter++}");

    public ILogger CreateReplaySafeLogger(string categoryName) => new ReplaySafeLogger(loggers.CreateLogger(categoryName), () => IsReplaying);

    /// <summary>Delivers an external event: to the oldest waiter for its name, or into the buffer.</summary>
    internal void DeliverEvent(string eventName, string? payload)
    {
        if (_eventWaiters.TryGetValue(eventName, out LinkedList<TaskCompletionSource<string?>>? waiters) && waiters.First is { } first)
        {
            waiters.RemoveFirst();
            first.Value.TrySetResult(payload);
            return;
        }

        if (!_bufferedEvents.TryGetValue(eventName, out Queue<string?>? queue))
        {
            queue = new Queue<string?>();
            _bufferedEvents[eventName] = queue;
        }

        queue.Enqueue(payload);
    }

    /// <summary>Events received but never consumed, in arrival order per name.</summary>
    internal IEnumerable<(string Name, string? Payload)> UnconsumedEvents()
        => _bufferedEvents.SelectMany(pair => pair.Value.Select(payload => (pair.Key, payload)));

    internal string Serialize(object? value) => JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object), json);

    internal T? Deserialize<T>(string? value) => value is null or "null" ? default : JsonSerializer.Deserialize<T>(value, json);

    private async Task<T> Convert<T>(Task<string?> raw) => Deserialize<T>(await raw)!;

    private async Task<string?> CallAsync(ActionKind kind, string name, object? input, TaskOptions? options, string? fixedInstanceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (input is TaskOptions)
        {
            throw new ArgumentException("A TaskOptions was passed as the input; pass it as the options argument.", nameof(input));
        }

        string serialized = Serialize(input);
        RetryPolicy? policy = options?.Retry;
        DateTime firstAttemptAt = CurrentUtcDateTime;
        for (int attempt = 1; ; attempt++)
        {
            int taskId = _actions.Count;
            string? childId = kind == ActionKind.SubOrchestration ? fixedInstanceId ?? $"{InstanceId}:{taskId}" : null;
            OrchestratorAction action = Add(kind, name, serialized, attempt, childId, default);
            try
            {
                return await action.Completion.Task;
            }
            catch (TaskFailedException failure) when (ShouldRetry(policy, attempt, failure.FailureDetails, firstAttemptAt))
            {
                // The wait between attempts is a durable timer, recorded in history like any other.
                await CreateTimer(CurrentUtcDateTime + policy!.DelayBefore(attempt + 1), CancellationToken.None);
            }
        }
    }

    private bool ShouldRetry(RetryPolicy? policy, int attempt, TaskFailureDetails failure, DateTime firstAttemptAt)
    {
        if (policy is null || attempt >= policy.MaxNumberOfAttempts)
        {
            return false;
        }

        if (policy.HandleFailure is { } handle && !handle(failure))
        {
            return false;
        }

        return policy.RetryTimeout is not { } timeout || CurrentUtcDateTime + policy.DelayBefore(attempt + 1) - firstAttemptAt <= timeout;
    }

    private OrchestratorAction Add(ActionKind kind, string name, string? input, int attempt, string? childInstanceId, DateTime fireAt)
    {
        var action = new OrchestratorAction(_actions.Count, kind, name)
        {
            Input = input,
            Attempt = attempt,
            ChildInstanceId = childInstanceId,
            FireAt = fireAt,
        };
        _actions.Add(action);
        return action;
    }
}
