using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Runtime.Embedded.Replay;
using MarketoExport.Runtime.Embedded.Storage;
using Microsoft.Data.Sqlite;

namespace MarketoExport.Runtime.Embedded;

public sealed partial class EmbeddedEngine
{
    /// <inheritdoc />
    public Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        return ScheduleCoreAsync(orchestratorName, Serialize(input), options?.InstanceId, options?.StartAt, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        return await WithStoreAsync(store => store.GetInstance(instanceId)?.ToMetadata(getInputsAndOutputs), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OrchestrationMetadata>> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await WithStoreAsync(
            store => store.QueryInstances(query).Select(row => row.ToMetadata(query.FetchInputsAndOutputs)).ToList(), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        while (true)
        {
            Task changed = _completionSignal.Prepare();
            OrchestrationMetadata metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken)
                ?? throw new InvalidOperationException($"No orchestration instance '{instanceId}' exists; check the id returned by ScheduleNewOrchestrationInstanceAsync.");
            if (metadata.IsCompleted)
            {
                return metadata;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        string payload = Serialize(eventPayload);
        return SendControlAsync(instanceId, new HistoryEvent(HistoryEventType.EventRaised, -1, Now) { Name = eventName, Data = payload }, cancellationToken);
    }

    /// <inheritdoc />
    public Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellationToken = default)
        => SendControlAsync(instanceId, new HistoryEvent(HistoryEventType.Terminate, -1, Now) { Data = output is null ? null : Serialize(output) }, cancellationToken);

    /// <inheritdoc />
    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
        => SendControlAsync(instanceId, new HistoryEvent(HistoryEventType.Suspend, -1, Now) { Data = reason }, cancellationToken);

    /// <inheritdoc />
    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
        => SendControlAsync(instanceId, new HistoryEvent(HistoryEventType.Resume, -1, Now) { Data = reason }, cancellationToken);

    /// <inheritdoc />
    public async Task<int> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        return await WithStoreAsync(
            store =>
            {
                InstanceRow? row = store.GetInstance(instanceId);
                if (row is null)
                {
                    return 0;
                }

                if (row.IsRunning)
                {
                    throw new InvalidOperationException($"Orchestration '{instanceId}' is {row.Status}; terminate it (or wait for it to finish) before purging it.");
                }

                using SqliteTransaction tx = store.Begin();
                store.DeleteInstanceData(tx, instanceId, deleteRow: true);
                tx.Commit();
                return 1;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        InstanceRow row = await WithStoreAsync(store => store.GetInstance(instanceId), cancellationToken)
            ?? throw new InvalidOperationException($"No orchestration instance '{instanceId}' exists to restart.");
        return await ScheduleCoreAsync(row.Name, row.Input, restartWithNewInstanceId ? null : instanceId, null, cancellationToken);
    }

    /// <inheritdoc />
    public async Task RewindInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await WithStoreAsync(
            store =>
            {
                InstanceRow row = store.GetInstance(instanceId)
                    ?? throw new InvalidOperationException($"No orchestration instance '{instanceId}' exists to rewind.");
                if (row.Status != OrchestrationRuntimeStatus.Failed)
                {
                    throw new InvalidOperationException($"Orchestration '{instanceId}' is {row.Status}; only a Failed instance can be rewound.");
                }

                DateTime now = Now;
                RewindPlan plan = PlanRewind(row, now);
                using SqliteTransaction tx = store.Begin();
                ApplyRewind(tx, plan, now);
                tx.Commit();
                return true;
            },
            cancellationToken);
        _activitySignal.Set();
        _orchestrationSignal.Set();
    }

    /// <summary>The history of an instance (tests and diagnostics).</summary>
    internal Task<List<HistoryEvent>> GetHistoryAsync(string instanceId)
        => WithStoreAsync(store => store.LoadHistory(instanceId), CancellationToken.None);

    /// <summary>The parked activity tasks of an instance (tests and diagnostics).</summary>
    internal Task<List<(string Name, int TaskId, string? Error)>> GetParkedActivitiesAsync(string instanceId)
        => WithStoreAsync(store => store.ParkedActivities(instanceId), CancellationToken.None);

    /// <summary>Puts a raw message in an instance's inbox, as a duplicate delivery would (tests).</summary>
    internal Task InjectMessageAsync(string instanceId, HistoryEvent message)
        => WithStoreAsync(
            store =>
            {
                using SqliteTransaction tx = store.Begin();
                store.InsertMessage(tx, instanceId, message, store.GetInstance(instanceId, tx)?.Generation, Now);
                tx.Commit();
                _orchestrationSignal.Set();
                return true;
            },
            CancellationToken.None);

    /// <summary>Waits until the instance has at least <paramref name="count"/> pending timers (tests drive fake clocks with it).</summary>
    internal Task WaitForPendingTimersAsync(string instanceId, int count, CancellationToken cancellationToken)
        => WaitUntilAsync(store => store.CountPendingTimers(instanceId) >= count, cancellationToken);

    /// <summary>Waits until a condition on the store holds, re-checking after every turn and activity result.</summary>
    internal async Task WaitUntilAsync(Func<SqliteStore, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task turn = _turnSignal.Prepare();
            if (await WithStoreAsync(condition, cancellationToken))
            {
                return;
            }

            await turn.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Waits until nothing is runnable at the current clock time: no instance has a visible message, no activity
    /// is queued or running. With a fake clock, what has not happened by then waits for the clock.
    /// </summary>
    internal Task WaitForIdleAsync(CancellationToken cancellationToken)
        => WaitUntilAsync(
            store => Volatile.Read(ref _activitiesInFlight) == 0 && store.ReadyInstances(Now, 1).Count == 0 && !store.HasReadyActivities(),
            cancellationToken);

    private async Task<string> ScheduleCoreAsync(string name, string? input, string? fixedId, DateTimeOffset? startAt, CancellationToken cancellationToken)
    {
        if (!_registry.TryGetOrchestrator(name, out _))
        {
            throw new ArgumentException(
                $"No orchestrator named '{name}' is registered with the embedded engine; register it with DurableTaskRegistry.AddOrchestrator.", nameof(name));
        }

        string id = fixedId ?? Guid.NewGuid().ToString("N");
        await WithStoreAsync(
            store =>
            {
                DateTime now = Now;
                using SqliteTransaction tx = store.Begin();
                if (store.GetInstance(id, tx) is { IsRunning: true } existing)
                {
                    throw new OrchestrationAlreadyExistsException(id, existing.Status);
                }

                store.CreateInstance(tx, new InstanceRow(id, name, OrchestrationRuntimeStatus.Pending) { Input = input, CreatedAt = now }, startAt?.UtcDateTime ?? now);
                tx.Commit();
                return true;
            },
            cancellationToken);
        _orchestrationSignal.Set();
        return id;
    }

    private async Task SendControlAsync(string instanceId, HistoryEvent message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await WithStoreAsync(
            store =>
            {
                InstanceRow row = store.GetInstance(instanceId)
                    ?? throw new InvalidOperationException($"No orchestration instance '{instanceId}' exists; check the instance id.");
                if (row.IsTerminal)
                {
                    // Like Durable Functions: a message to a finished instance is dropped.
                    return false;
                }

                using SqliteTransaction tx = store.Begin();
                store.InsertMessage(tx, instanceId, message with { Timestamp = Now }, null, Now);
                tx.Commit();
                return true;
            },
            cancellationToken);
        _orchestrationSignal.Set();
    }

    private async Task<T> WithStoreAsync<T>(Func<SqliteStore, T> action, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped) == 1, this);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return action(_store);
        }
        finally
        {
            _gate.Release();
        }
    }
}
