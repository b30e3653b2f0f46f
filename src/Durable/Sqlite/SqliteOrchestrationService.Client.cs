using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;

namespace MarketoExport.Durable.Sqlite;

public sealed partial class SqliteOrchestrationService
{
    private const string InstanceColumns =
        "instance_id, execution_id, name, version, status, input, output, custom_status, failure, tags, parent, " +
        "created_at, updated_at, completed_at, scheduled_start_at";

    private static readonly OrchestrationStatus[] NotEnded = [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Suspended];

    /// <summary>Creates an instance; fails when one with the same id exists in any status.</summary>
    /// <inheritdoc />
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage)
        => CreateTaskOrchestrationAsync(creationMessage, Enum.GetValues<OrchestrationStatus>());

    /// <summary>
    /// Creates an instance. When one with the same id exists in one of <paramref name="dedupeStatuses"/>, throws
    /// <see cref="OrchestrationAlreadyExistsException"/>; otherwise the existing instance (its history and queued
    /// messages) is replaced by the new execution.
    /// </summary>
    /// <inheritdoc />
    public async Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        if (creationMessage.Event is not ExecutionStartedEvent started)
        {
            throw new ArgumentException("The creation message must carry an ExecutionStartedEvent.", nameof(creationMessage));
        }

        string id = creationMessage.OrchestrationInstance.InstanceId;
        var effects = new CommitEffects();
        await Database.InTransactionAsync(() =>
        {
            string? existing = Database.ScalarString("SELECT status FROM instances WHERE instance_id = $id", ("$id", id));
            if (existing is not null)
            {
                OrchestrationStatus status = ParseStatus(existing);
                if (dedupeStatuses is not null && dedupeStatuses.Contains(status))
                {
                    throw new OrchestrationAlreadyExistsException($"An orchestration with instance ID '{id}' already exists and is {status}.");
                }

                DeleteInstanceData(id, deleteRow: true);
            }

            long now = NowTicks;
            InsertInstance(started, now);
            InsertMessage(OrchestrationQueue, creationMessage, started.ScheduledStartTime?.ToUniversalTime().Ticks ?? now);
            effects.OrchestrationWork = true;
            effects.Changed.Add(id);
        }).ConfigureAwait(false);
        Publish(effects);
    }

    /// <summary>Queues a message for an instance (an event, suspend, resume, terminate). Messages for unknown or ended instances are dropped.</summary>
    /// <inheritdoc />
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => SendTaskOrchestrationMessageBatchAsync(message);

    /// <inheritdoc />
    public async Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var effects = new CommitEffects();
        await Database.InTransactionAsync(() =>
        {
            long now = NowTicks;
            foreach (TaskMessage message in messages)
            {
                Deliver(message, now, effects);
            }
        }).ConfigureAwait(false);
        Publish(effects);
    }

    /// <summary>Waits (without polling: a commit that changes the instance wakes the wait) until the instance has ended.</summary>
    /// <returns>The ended instance's state, or null when it has not ended within <paramref name="timeout"/>.</returns>
    /// <inheritdoc />
    public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
        => WaitForStateAsync(instanceId, s => IsTerminal(s.OrchestrationStatus), timeout, cancellationToken)!;

    /// <inheritdoc />
    public Task<OrchestrationState?> WaitForOrchestrationStartAsync(string instanceId, TimeSpan timeout, CancellationToken cancellationToken = default)
        => WaitForStateAsync(instanceId, s => s.OrchestrationStatus != OrchestrationStatus.Pending, timeout, cancellationToken);

    /// <inheritdoc />
    public async Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason)
        => await TerminateAsync(instanceId, reason, recursive: false).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> TerminateAsync(string instanceId, string reason, bool recursive, CancellationToken cancellationToken = default)
    {
        var effects = new CommitEffects();
        bool found = await Database.InTransactionAsync(() => Terminate(instanceId, reason, recursive, effects), cancellationToken).ConfigureAwait(false);
        Publish(effects);
        return found;
    }

    /// <inheritdoc />
    public async Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions)
    {
        // Only the latest execution is kept: ContinueAsNew replaces the history of the previous one.
        OrchestrationState? state = await GetStateAsync(instanceId, includeInputsAndOutputs: true).ConfigureAwait(false);
        return state is null ? [] : [state];
    }

    /// <inheritdoc />
    public async Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId)
    {
        OrchestrationState? state = await GetStateAsync(instanceId, includeInputsAndOutputs: true).ConfigureAwait(false);
        return (string.IsNullOrEmpty(executionId) || state?.OrchestrationInstance.ExecutionId == executionId ? state : null)!;
    }

    /// <summary>The instance's history (latest execution) as DurableTask.Core's JSON of a HistoryEvent list.</summary>
    /// <inheritdoc />
    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId)
        => Database.RunAsync(() =>
        {
            List<HistoryEvent> events = string.IsNullOrEmpty(executionId)
                ? LoadHistory(instanceId)
                : Database.Query(
                    "SELECT body FROM history WHERE instance_id = $id AND execution_id = $execution ORDER BY seq",
                    r => CoreJson.Deserialize<HistoryEvent>(r.GetString(0)),
                    ("$id", instanceId),
                    ("$execution", executionId));
            return CoreJson.Serialize(events);
        });

    /// <summary>Purges ended instances whose time (by <paramref name="timeRangeFilterType"/>) is before the threshold; running ones are kept.</summary>
    /// <inheritdoc />
    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
    {
        string column = timeRangeFilterType switch
        {
            OrchestrationStateTimeRangeFilterType.OrchestrationCreatedTimeFilter => "created_at",
            OrchestrationStateTimeRangeFilterType.OrchestrationCompletedTimeFilter => "completed_at",
            _ => "updated_at",
        };
        return Database.InTransactionAsync(() =>
        {
            List<string> ids = Database.Query(
                $"SELECT instance_id FROM instances WHERE {column} < $threshold AND status IN ('Completed', 'Failed', 'Terminated', 'Canceled')",
                r => r.GetString(0),
                ("$threshold", thresholdDateTimeUtc.ToUniversalTime().Ticks));
            foreach (string id in ids)
            {
                DeleteInstanceData(id, deleteRow: true);
            }
        });
    }

    /// <summary>
    /// Waits until the instance has nothing left to do now: no visible message, no queued activity and no lock
    /// (a timer due later does not count). Tests use it to assert what has not happened; it wakes on commits.
    /// </summary>
    internal async Task WaitForIdleAsync(string instanceId, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed = _instanceChanges.Prepare(instanceId);
            bool idle = await Database.RunAsync(() =>
                Database.ScalarInt64(
                    """
                    SELECT (SELECT COUNT(*) FROM messages WHERE instance_id = $id AND (queue = 1 OR visible_at <= $now))
                         + (SELECT COUNT(*) FROM instances WHERE instance_id = $id AND lock_token IS NOT NULL)
                    """,
                    ("$id", instanceId),
                    ("$now", NowTicks)) == 0,
                cancellationToken).ConfigureAwait(false);
            if (idle)
            {
                return;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    internal Task<OrchestrationState?> GetStateAsync(string instanceId, bool includeInputsAndOutputs)
        => Database.RunAsync(() => Database.QuerySingle(
            $"SELECT {InstanceColumns} FROM instances WHERE instance_id = $id",
            r => ReadState(r, includeInputsAndOutputs),
            ("$id", instanceId)));

    private async Task<OrchestrationState?> WaitForStateAsync(
        string instanceId, Func<OrchestrationState, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        bool infinite = timeout == Timeout.InfiniteTimeSpan || timeout == TimeSpan.MaxValue || timeout > TimeSpan.FromDays(1);
        using var timeoutSource = infinite ? null : new CancellationTokenSource(timeout, _lockClock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource?.Token ?? CancellationToken.None);
        while (true)
        {
            Task changed = _instanceChanges.Prepare(instanceId);
            OrchestrationState? state = await GetStateAsync(instanceId, includeInputsAndOutputs: true).ConfigureAwait(false);
            if (state is not null && done(state))
            {
                return state;
            }

            try
            {
                await changed.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    private bool Terminate(string instanceId, string reason, bool recursive, CommitEffects effects)
    {
        InstanceRow? row = Database.QuerySingle(
            "SELECT status, execution_id, parent, lock_token FROM instances WHERE instance_id = $id",
            r => new InstanceRow(ParseStatus(r.GetString(0)), r.GetString(1), NullableString(r, 2), !r.IsDBNull(3)),
            ("$id", instanceId));
        if (row is null)
        {
            return false;
        }

        long now = NowTicks;
        if (row.Status == OrchestrationStatus.Pending && !row.Locked)
        {
            // Not started yet (possibly scheduled for later): there is no orchestrator to tell, so end it here.
            Database.Execute(
                "UPDATE instances SET status = 'Terminated', output = $output, updated_at = $now, completed_at = $now WHERE instance_id = $id",
                ("$output", reason), ("$now", now), ("$id", instanceId));
            Database.Execute("DELETE FROM messages WHERE instance_id = $id", ("$id", instanceId));
            effects.Changed.Add(instanceId);
            if (row.Parent is not null)
            {
                ParentInstance parent = CoreJson.Deserialize<ParentInstance>(row.Parent);
                Deliver(
                    new TaskMessage
                    {
                        OrchestrationInstance = parent.OrchestrationInstance,
                        Event = TerminatedChild(instanceId, parent.TaskScheduleId, reason),
                    },
                    now,
                    effects);
            }
        }
        else if (!IsTerminal(row.Status))
        {
            Deliver(
                new TaskMessage
                {
                    OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = row.ExecutionId },
                    Event = new ExecutionTerminatedEvent(-1, reason),
                },
                now,
                effects);
        }

        if (recursive)
        {
            List<string> children = Database.Query(
                "SELECT instance_id FROM instances WHERE parent_instance_id = $id AND status IN ('Pending', 'Running', 'Suspended')",
                r => r.GetString(0),
                ("$id", instanceId));
            foreach (string child in children)
            {
                Terminate(child, reason, recursive: true, effects);
            }
        }

        return true;
    }

    private static OrchestrationState ReadState(SqliteDataReader r, bool includeInputsAndOutputs)
    {
        string? failure = NullableString(r, 8);
        string? tags = NullableString(r, 9);
        string? parent = NullableString(r, 10);
        long? completed = NullableInt64(r, 13);
        long? scheduled = NullableInt64(r, 14);
        return new OrchestrationState
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = r.GetString(0), ExecutionId = r.GetString(1) },
            Name = r.GetString(2),
            Version = NullableString(r, 3) ?? string.Empty,
            OrchestrationStatus = ParseStatus(r.GetString(4)),
            Input = includeInputsAndOutputs ? NullableString(r, 5) : null,
            Output = includeInputsAndOutputs ? NullableString(r, 6) : null,
            Status = NullableString(r, 7),
            FailureDetails = failure is null ? null : CoreJson.Deserialize<FailureDetails>(failure),
            Tags = tags is null ? null : CoreJson.Deserialize<Dictionary<string, string>>(tags),
            ParentInstance = parent is null ? null : CoreJson.Deserialize<ParentInstance>(parent),
            CreatedTime = Utc(r.GetInt64(11)),
            LastUpdatedTime = Utc(r.GetInt64(12)),
            CompletedTime = completed is { } c ? Utc(c) : DateTime.MaxValue,
            ScheduledStartTime = scheduled is { } s ? Utc(s) : null,
        };
    }

    private sealed record InstanceRow(OrchestrationStatus Status, string ExecutionId, string? Parent, bool Locked);
}
