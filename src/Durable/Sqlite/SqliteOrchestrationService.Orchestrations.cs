using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;

namespace MarketoExport.Durable.Sqlite;

public sealed partial class SqliteOrchestrationService
{
    private const string SelectOrchestrationCandidate = """
        SELECT m.instance_id, i.status, i.execution_id, i.parent
        FROM messages m JOIN instances i ON i.instance_id = m.instance_id
        WHERE m.queue = 0 AND m.visible_at <= $now
          AND (i.lock_token IS NULL OR i.locked_until <= $lockNow)
          AND (i.status IN ('Running', 'Suspended', 'Completed', 'Terminated', 'Canceled', 'ContinuedAsNew')
               OR (i.status = 'Pending' AND m.event_type = 'ExecutionStarted'))
        ORDER BY m.id LIMIT 1
        """;

    /// <inheritdoc />
    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
        => (await LockNextAsync(_orchestrationWork, TryLockOrchestration, receiveTimeout, cancellationToken).ConfigureAwait(false))!;

    /// <inheritdoc />
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        return Database.RunAsync(() =>
        {
            long until = LockNowTicks + _options.LockTimeout.Ticks;
            int renewed = Database.Execute(
                "UPDATE instances SET locked_until = $until WHERE instance_id = $id AND lock_token = $token",
                ("$until", until), ("$id", item.InstanceId), ("$token", item.LockToken));
            if (renewed == 0)
            {
                throw new SessionAbortedException($"The lock on instance '{item.InstanceId}' was lost.");
            }

            item.LockedUntilUtc = Utc(until);
            return true;
        });
    }

    /// <inheritdoc />
    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        var effects = new CommitEffects();
        await Database.InTransactionAsync(() => CompleteOrchestration(
            item, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, orchestrationState, effects)).ConfigureAwait(false);
        Publish(effects);
    }

    /// <inheritdoc />
    public async Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        int released = await Database.RunAsync(() => Database.Execute(
            "UPDATE instances SET lock_token = NULL, locked_until = NULL WHERE instance_id = $id AND lock_token = $token",
            ("$id", item.InstanceId), ("$token", item.LockToken))).ConfigureAwait(false);
        if (released > 0)
        {
            _orchestrationWork.Set();
        }
    }

    /// <inheritdoc />
    public async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        // After Complete or Abandon the lock is already gone and this matches nothing. Otherwise the dispatcher
        // fetched the work item while stopping and never ran it: that dispatch does not count as an attempt.
        var item = (SqliteOrchestrationWorkItem)workItem;
        int released = await Database.RunAsync(() => Database.Execute(
            "UPDATE instances SET lock_token = NULL, locked_until = NULL, dispatch_attempts = MAX(dispatch_attempts - 1, 0) " +
            "WHERE instance_id = $id AND lock_token = $token",
            ("$id", item.InstanceId), ("$token", item.LockToken))).ConfigureAwait(false);
        if (released > 0)
        {
            _orchestrationWork.Set();
        }
    }

    private long ReceiveDeadline(TimeSpan receiveTimeout)
    {
        long timeout = receiveTimeout <= TimeSpan.Zero || receiveTimeout > TimeSpan.FromDays(1) ? TimeSpan.TicksPerDay : receiveTimeout.Ticks;
        return LockNowTicks + timeout;
    }

    private Fetch<SqliteOrchestrationWorkItem> TryLockOrchestration(CommitEffects effects)
    {
        while (true)
        {
            long now = NowTicks;
            long lockNow = LockNowTicks;
            OrchestrationCandidate? candidate = Database.QuerySingle(
                SelectOrchestrationCandidate,
                r => new OrchestrationCandidate(r.GetString(0), ParseStatus(r.GetString(1)), r.GetString(2), NullableString(r, 3)),
                ("$now", now),
                ("$lockNow", lockNow));
            if (candidate is null)
            {
                return new Fetch<SqliteOrchestrationWorkItem>(
                    null,
                    Database.ScalarInt64("SELECT MIN(visible_at) FROM messages WHERE queue = 0 AND visible_at > $now", ("$now", now)),
                    Database.ScalarInt64("SELECT MIN(locked_until) FROM instances WHERE lock_token IS NOT NULL"));
            }

            if (candidate.Status is OrchestrationStatus.Completed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled)
            {
                // Late results, timers and events of an instance that has ended: nothing will consume them.
                int dropped = Database.Execute(
                    "DELETE FROM messages WHERE instance_id = $id AND event_type <> 'ExecutionStarted'", ("$id", candidate.InstanceId));
                Log.DroppedStaleMessages(_logger, candidate.InstanceId, dropped);
                continue;
            }

            SqliteOrchestrationWorkItem? item = Database.InTransaction(() => LockOrchestration(candidate, now, lockNow, effects));
            if (item is not null)
            {
                return new Fetch<SqliteOrchestrationWorkItem>(item, null, null);
            }
        }
    }

    private SqliteOrchestrationWorkItem? LockOrchestration(OrchestrationCandidate candidate, long now, long lockNow, CommitEffects effects)
    {
        string id = candidate.InstanceId;
        string token = NewLockToken();
        long until = lockNow + _options.LockTimeout.Ticks;

        // The dispatch is counted in the same commit as the lock, before any of the turn runs: a process that dies
        // during the turn has used up an attempt.
        int attempts = (int)Database.ScalarInt64(
            "UPDATE instances SET lock_token = $token, locked_until = $until, dispatch_attempts = dispatch_attempts + 1 " +
            "WHERE instance_id = $id RETURNING dispatch_attempts",
            ("$token", token), ("$until", until), ("$id", id))!.Value;
        if (attempts > _options.MaxDispatchAttempts)
        {
            ParkOrchestration(candidate, attempts - 1, effects);
            return null;
        }

        List<(long Id, string? ExecutionId, string Body)> rows = Database.Query(
            "SELECT id, execution_id, body FROM messages WHERE queue = 0 AND instance_id = $id AND visible_at <= $now ORDER BY id",
            r => (r.GetInt64(0), NullableString(r, 1), r.GetString(2)),
            ("$id", id),
            ("$now", now));
        List<HistoryEvent> history = LoadHistoryCached(id, candidate.ExecutionId);

        var results = new HashSet<int>(history.Where(IsResult).Select(e => TaskIdOf(e)!.Value));
        var messages = new List<TaskMessage>(rows.Count);
        var messageIds = new List<long>(rows.Count);
        var stale = new List<long>();
        foreach ((long messageId, string? executionId, string body) in rows)
        {
            TaskMessage message = ReadMessage(body);
            bool isStart = message.Event.EventType == EventType.ExecutionStarted;
            bool isStale = isStart
                ? history.Count > 0 || executionId != candidate.ExecutionId
                : (executionId is not null && executionId != candidate.ExecutionId)
                  || (IsResult(message.Event) && !results.Add(TaskIdOf(message.Event)!.Value));
            if (isStale)
            {
                stale.Add(messageId);
            }
            else
            {
                messages.Add(message);
                messageIds.Add(messageId);
            }
        }

        foreach (long messageId in stale)
        {
            Database.Execute("DELETE FROM messages WHERE id = $id", ("$id", messageId));
        }

        if (stale.Count > 0)
        {
            Log.DroppedStaleMessages(_logger, id, stale.Count);
        }

        if (messages.Count == 0)
        {
            Database.Execute(
                "UPDATE instances SET lock_token = NULL, locked_until = NULL, dispatch_attempts = MAX(dispatch_attempts - 1, 0) WHERE instance_id = $id",
                ("$id", id));
            return null;
        }

        return new SqliteOrchestrationWorkItem
        {
            InstanceId = id,
            OrchestrationRuntimeState = new OrchestrationRuntimeState(history),
            LockedUntilUtc = Utc(until),
            NewMessages = messages,
            LockToken = token,
            MessageIds = messageIds,
        };
    }

    /// <summary>
    /// The instance's history, from the cache of the last turn's events when it is still the history in the
    /// database (same execution, same last row), otherwise read and deserialized again. This process owns the
    /// database, so only its own writes change history; edits other than appends (rewind, purge, replace) also
    /// drop the cache entry.
    /// </summary>
    private List<HistoryEvent> LoadHistoryCached(string instanceId, string executionId)
    {
        long? lastSeq = Database.ScalarInt64("SELECT MAX(seq) FROM history WHERE instance_id = $id", ("$id", instanceId));
        if (lastSeq is { } last && _historyCache.TryGetValue(instanceId, out CachedHistory? cached)
            && cached.ExecutionId == executionId && cached.LastSeq == last)
        {
            return [.. cached.Events];
        }

        List<HistoryEvent> history = LoadHistory(instanceId);
        if (lastSeq is { } loaded)
        {
            CacheHistory(instanceId, executionId, loaded, history);
        }

        return history;
    }

    private void CacheHistory(string instanceId, string executionId, long lastSeq, IList<HistoryEvent> events)
    {
        if (_historyCache.Count >= MaxCachedHistories)
        {
            _historyCache.Clear();
        }

        _historyCache[instanceId] = new CachedHistory(executionId, lastSeq, [.. events]);
    }

    private List<HistoryEvent> LoadHistory(string instanceId)
        => Database.Query(
            "SELECT body FROM history WHERE instance_id = $id ORDER BY seq",
            r => CoreJson.Deserialize<HistoryEvent>(r.GetString(0)),
            ("$id", instanceId));

    private void ParkOrchestration(OrchestrationCandidate candidate, int attempts, CommitEffects effects)
    {
        string message =
            $"The orchestration work item of instance '{candidate.InstanceId}' was dispatched {attempts} times without completing: " +
            "the process died during the turn each time, or the turn kept failing inside the dispatcher. It was parked and the " +
            "instance marked Failed; fix the cause, then restart or purge the instance.";
        var failure = new FailureDetails(typeof(PoisonWorkItemException).FullName!, message, null, null, isNonRetriable: true);
        long now = NowTicks;
        Database.Execute(
            "UPDATE instances SET status = 'Failed', failure = $failure, output = $output, updated_at = $now, completed_at = $now, " +
            "lock_token = NULL, locked_until = NULL, dispatch_attempts = 0 WHERE instance_id = $id",
            ("$failure", CoreJson.Serialize(failure)), ("$output", failure.ToString()), ("$now", now), ("$id", candidate.InstanceId));
        effects.Changed.Add(candidate.InstanceId);
        Log.ParkedOrchestration(_logger, candidate.InstanceId, attempts);

        if (candidate.Parent is not null)
        {
            ParentInstance parent = CoreJson.Deserialize<ParentInstance>(candidate.Parent);
            Deliver(
                new TaskMessage
                {
                    OrchestrationInstance = parent.OrchestrationInstance,
                    Event = new SubOrchestrationInstanceFailedEvent(-1, parent.TaskScheduleId, message, null, failure),
                },
                now,
                effects);
        }
    }

    private void CompleteOrchestration(
        SqliteOrchestrationWorkItem item,
        OrchestrationRuntimeState newState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        OrchestrationState? orchestrationState,
        CommitEffects effects)
    {
        string id = item.InstanceId;
        string? token = Database.ScalarString("SELECT lock_token FROM instances WHERE instance_id = $id", ("$id", id));
        if (token != item.LockToken)
        {
            throw new SessionAbortedException(
                $"The lock on instance '{id}' was lost (it expired, or the instance was replaced or purged); the turn's results are discarded.");
        }

        long now = NowTicks;
        if (orchestrationState is not null)
        {
            // ContinueAsNew (or Core's own rewind) hands over a different runtime state: its events replace the history.
            bool replaced = !ReferenceEquals(item.OrchestrationRuntimeState, newState);
            IList<HistoryEvent> events = replaced ? newState.Events : newState.NewEvents;
            RecordInputs(events, outboundMessages, orchestratorMessages);
            long seq;
            if (replaced)
            {
                Database.Execute("DELETE FROM history WHERE instance_id = $id", ("$id", id));
                seq = 0;
            }
            else
            {
                seq = (Database.ScalarInt64("SELECT MAX(seq) FROM history WHERE instance_id = $id", ("$id", id)) ?? -1) + 1;
            }

            string executionId = newState.OrchestrationInstance!.ExecutionId;
            foreach (HistoryEvent e in events)
            {
                Database.Execute(
                    "INSERT INTO history(instance_id, seq, execution_id, event_type, event_id, task_id, body) " +
                    "VALUES ($id, $seq, $execution, $type, $event, $task, $body)",
                    ("$id", id), ("$seq", seq++), ("$execution", executionId), ("$type", e.EventType.ToString()),
                    ("$event", e.EventId), ("$task", TaskIdOf(e)), ("$body", CoreJson.Serialize(e)));
            }

            if (IsTerminal(orchestrationState.OrchestrationStatus))
            {
                _historyCache.TryRemove(id, out _);
            }
            else
            {
                CacheHistory(id, executionId, seq - 1, newState.Events);
            }

            if (replaced)
            {
                // Results and timers of the previous execution can never be consumed.
                Database.Execute(
                    "DELETE FROM messages WHERE instance_id = $id AND execution_id IS NOT NULL AND execution_id <> $execution",
                    ("$id", id), ("$execution", executionId));
            }
        }

        foreach (TaskMessage message in outboundMessages)
        {
            InsertMessage(ActivityQueue, message, now);
            effects.ActivityWork = true;
        }

        foreach (TaskMessage message in timerMessages)
        {
            Deliver(message, now, effects);
        }

        foreach (TaskMessage message in orchestratorMessages)
        {
            if (message.Event is ExecutionStartedEvent started)
            {
                StartSubOrchestration(message, started, now, effects);
            }
            else if (message.Event is SubOrchestrationInstanceFailedEvent { FailureDetails: null } failed)
            {
                // Core reports a terminated child to its parent without failure details.
                Deliver(
                    new TaskMessage { OrchestrationInstance = message.OrchestrationInstance, Event = TerminatedChild(id, failed.TaskScheduledId, failed.Reason) },
                    now,
                    effects);
            }
            else
            {
                Deliver(message, now, effects);
            }
        }

        foreach (long messageId in item.MessageIds)
        {
            Database.Execute("DELETE FROM messages WHERE id = $id", ("$id", messageId));
        }

        if (orchestrationState is null)
        {
            Database.Execute(
                "UPDATE instances SET lock_token = NULL, locked_until = NULL, dispatch_attempts = 0 WHERE instance_id = $id", ("$id", id));
        }
        else
        {
            OrchestrationStatus status = orchestrationState.OrchestrationStatus;
            Database.Execute(
                """
                UPDATE instances SET execution_id = $execution, name = $name, version = $version, status = $status, input = $input,
                    output = $output, custom_status = $custom, failure = $failure, tags = $tags, updated_at = $now, completed_at = $completed,
                    lock_token = NULL, locked_until = NULL, dispatch_attempts = 0
                WHERE instance_id = $id
                """,
                ("$execution", newState.OrchestrationInstance!.ExecutionId),
                ("$name", orchestrationState.Name),
                ("$version", orchestrationState.Version),
                ("$status", status.ToString()),
                ("$input", orchestrationState.Input),
                ("$output", orchestrationState.Output),
                ("$custom", orchestrationState.Status),
                ("$failure", orchestrationState.FailureDetails is null ? null : CoreJson.Serialize(orchestrationState.FailureDetails)),
                ("$tags", orchestrationState.Tags is null ? null : CoreJson.Serialize(orchestrationState.Tags)),
                ("$now", now),
                ("$completed", IsTerminal(status) ? now : null),
                ("$id", id));
            if (status is OrchestrationStatus.Completed or OrchestrationStatus.Terminated)
            {
                // Nothing can consume the instance's remaining messages (activities not yet run, timers, events).
                // A Failed instance keeps them: a rewind may still need them.
                Database.Execute("DELETE FROM messages WHERE instance_id = $id", ("$id", id));
            }
        }

        // Releasing the lock uncovers the messages that arrived during the turn.
        effects.OrchestrationWork |= Database.ScalarInt64(
            "SELECT EXISTS(SELECT 1 FROM messages WHERE instance_id = $id AND queue = 0 AND visible_at <= $now)", ("$id", id), ("$now", now)) == 1;
        effects.Changed.Add(id);
    }

    /// <summary>
    /// DurableTask.Core records scheduled activities and sub-orchestrations in history without their inputs unless
    /// IncludeParameters is set; the outbound messages carry them. Copying them into the history rows makes the
    /// history complete, so a rewind can queue a step again.
    /// </summary>
    private static void RecordInputs(IList<HistoryEvent> events, IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages)
    {
        if (outboundMessages.Count == 0 && orchestratorMessages.Count == 0)
        {
            return;
        }

        foreach (HistoryEvent e in events)
        {
            switch (e)
            {
                case TaskScheduledEvent { Input: null } scheduled:
                    foreach (TaskMessage message in outboundMessages)
                    {
                        if (message.Event is TaskScheduledEvent sent && sent.EventId == scheduled.EventId)
                        {
                            scheduled.Input = sent.Input;
                            break;
                        }
                    }

                    break;
                case SubOrchestrationInstanceCreatedEvent { Input: null } created:
                    foreach (TaskMessage message in orchestratorMessages)
                    {
                        if (message.Event is ExecutionStartedEvent { ParentInstance: { } parent } started && parent.TaskScheduleId == created.EventId)
                        {
                            created.Input = started.Input;
                            break;
                        }
                    }

                    break;
            }
        }
    }

    private static SubOrchestrationInstanceFailedEvent TerminatedChild(string childId, int taskScheduledId, string? reason)
    {
        string message = $"Sub-orchestration instance '{childId}' was terminated: {reason}";
        var failure = new FailureDetails(typeof(OrchestrationTerminatedException).FullName!, message, null, null, isNonRetriable: true);
        return new SubOrchestrationInstanceFailedEvent(-1, taskScheduledId, message, null, failure);
    }

    private void StartSubOrchestration(TaskMessage message, ExecutionStartedEvent started, long now, CommitEffects effects)
    {
        string childId = message.OrchestrationInstance.InstanceId;
        string? existing = Database.ScalarString("SELECT status FROM instances WHERE instance_id = $id", ("$id", childId));
        if (existing is not null && !IsTerminal(ParseStatus(existing)))
        {
            // Replacing a running instance would corrupt it: fail the parent's task instead.
            string reason = $"An orchestration with instance ID '{childId}' already exists and is {existing}; a sub-orchestration cannot replace it.";
            var failure = new FailureDetails(typeof(OrchestrationAlreadyExistsException).FullName!, reason, null, null, isNonRetriable: true);
            Deliver(
                new TaskMessage
                {
                    OrchestrationInstance = started.ParentInstance.OrchestrationInstance,
                    Event = new SubOrchestrationInstanceFailedEvent(-1, started.ParentInstance.TaskScheduleId, reason, null, failure),
                },
                now,
                effects);
            return;
        }

        if (existing is not null)
        {
            // The parent re-created a child that has ended (for example after a rewind): a new execution replaces it.
            DeleteInstanceData(childId, deleteRow: true);
        }

        InsertInstance(started, now);
        InsertMessage(OrchestrationQueue, message, now);
        effects.OrchestrationWork = true;
        effects.Changed.Add(childId);
    }

    private void InsertInstance(ExecutionStartedEvent started, long now)
        => Database.Execute(
            """
            INSERT INTO instances(instance_id, execution_id, name, version, status, input, tags, parent_instance_id, parent,
                created_at, updated_at, scheduled_start_at)
            VALUES ($id, $execution, $name, $version, 'Pending', $input, $tags, $parentId, $parent, $now, $now, $scheduled)
            """,
            ("$id", started.OrchestrationInstance.InstanceId),
            ("$execution", started.OrchestrationInstance.ExecutionId),
            ("$name", started.Name),
            ("$version", started.Version),
            ("$input", started.Input),
            ("$tags", started.Tags is null ? null : CoreJson.Serialize(started.Tags)),
            ("$parentId", started.ParentInstance?.OrchestrationInstance?.InstanceId),
            ("$parent", started.ParentInstance is null ? null : CoreJson.Serialize(started.ParentInstance)),
            ("$now", now),
            ("$scheduled", started.ScheduledStartTime?.ToUniversalTime().Ticks));

    /// <summary>
    /// Queues a message for an existing instance. Messages for an unknown instance, or one that has completed or
    /// been terminated, are dropped (nothing would consume them); a Failed instance keeps them for a rewind.
    /// </summary>
    private void Deliver(TaskMessage message, long visibleAt, CommitEffects effects)
    {
        string? status = Database.ScalarString(
            "SELECT status FROM instances WHERE instance_id = $id", ("$id", message.OrchestrationInstance.InstanceId));
        if (status is null or nameof(OrchestrationStatus.Completed) or nameof(OrchestrationStatus.Terminated) or nameof(OrchestrationStatus.Canceled))
        {
            return;
        }

        // A timer is due at its fire time, whoever queues it.
        if (message.Event is TimerFiredEvent timer)
        {
            visibleAt = Math.Max(visibleAt, timer.FireAt.ToUniversalTime().Ticks);
        }

        InsertMessage(OrchestrationQueue, message, visibleAt);
        effects.OrchestrationWork = true;
        effects.Changed.Add(message.OrchestrationInstance.InstanceId);
    }

    private void Publish(CommitEffects effects)
    {
        if (effects.OrchestrationWork)
        {
            _orchestrationWork.Set();
        }

        if (effects.ActivityWork)
        {
            _activityWork.Set();
        }

        _instanceChanges.Notify(effects.Changed);
    }

    private sealed record CachedHistory(string ExecutionId, long LastSeq, IReadOnlyList<HistoryEvent> Events);

    private sealed record OrchestrationCandidate(string InstanceId, OrchestrationStatus Status, string ExecutionId, string? Parent);

    private readonly record struct Fetch<T>(T? WorkItem, long? NextVisibleTicks, long? NextLockExpiryTicks)
        where T : class;

    /// <summary>What a commit changed, published after it: which queues got work and which instances changed.</summary>
    private sealed class CommitEffects
    {
        public bool OrchestrationWork { get; set; }

        public bool ActivityWork { get; set; }

        public HashSet<string> Changed { get; } = new(StringComparer.Ordinal);
    }

    private sealed class SqliteOrchestrationWorkItem : TaskOrchestrationWorkItem
    {
        public required string LockToken { get; init; }

        public required IReadOnlyList<long> MessageIds { get; init; }
    }
}
