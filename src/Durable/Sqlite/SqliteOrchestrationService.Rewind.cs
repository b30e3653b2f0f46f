using DurableTask.Core;
using DurableTask.Core.History;

namespace MarketoExport.Durable.Sqlite;

public sealed partial class SqliteOrchestrationService
{
    /// <summary>
    /// Rewinds a Failed instance by editing its history and queues in one transaction; no orchestrator code runs,
    /// so the rewind itself cannot hit a non-determinism error. See <see cref="RewindMode"/> and the README for
    /// what each mode undoes and what it refuses.
    /// </summary>
    /// <exception cref="InvalidOperationException">The instance (or a child it depends on) cannot be rewound; nothing was changed.</exception>
    /// <inheritdoc />
    public async Task RewindAsync(string instanceId, string reason, Func<string, RewindMode> modeOf, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(modeOf);
        reason ??= string.Empty;
        var effects = new CommitEffects();
        await Database.InTransactionAsync(
            () =>
            {
                var plans = new List<RewindPlan>();
                PlanRewind(instanceId, modeOf, plans, new HashSet<string>(StringComparer.Ordinal));
                foreach (RewindPlan plan in plans)
                {
                    ApplyRewind(plan, reason, effects);
                }
            },
            cancellationToken).ConfigureAwait(false);
        Publish(effects);
    }

    private static InvalidOperationException CannotRewind(string instanceId, string why)
        => new($"Instance '{instanceId}' cannot be rewound: {why}. Restart it instead.");

    private static string Describe(HistoryEvent? scheduled, int taskId) => scheduled switch
    {
        TaskScheduledEvent s => $"activity '{s.Name}' (task {taskId})",
        SubOrchestrationInstanceCreatedEvent c => $"sub-orchestration '{c.Name}' ('{c.InstanceId}', task {taskId})",
        TimerCreatedEvent => $"a timer (task {taskId})",
        EventSentEvent e => $"event '{e.Name}' to '{e.InstanceId}' (task {taskId})",
        _ => $"task {taskId}",
    };

    private static bool IsScheduling(HistoryEvent e) => e.EventType is EventType.TaskScheduled or EventType.SubOrchestrationInstanceCreated
        or EventType.TimerCreated or EventType.EventSent;

    private static bool IsFailure(HistoryEvent e) => e.EventType is EventType.TaskFailed or EventType.SubOrchestrationInstanceFailed;

    private void PlanRewind(string instanceId, Func<string, RewindMode> modeOf, List<RewindPlan> plans, HashSet<string> visited)
    {
        if (!visited.Add(instanceId))
        {
            return;
        }

        RewindTarget target = Database.QuerySingle(
            "SELECT status, execution_id, name, lock_token, locked_until FROM instances WHERE instance_id = $id",
            r => new RewindTarget(ParseStatus(r.GetString(0)), r.GetString(1), r.GetString(2), NullableString(r, 3), NullableInt64(r, 4)),
            ("$id", instanceId))
            ?? throw new InvalidOperationException($"Instance '{instanceId}' cannot be rewound: it does not exist.");
        if (target.Status != OrchestrationStatus.Failed)
        {
            throw new InvalidOperationException($"Instance '{instanceId}' cannot be rewound: it is {target.Status}; only Failed instances can be rewound.");
        }

        if (target.LockToken is not null && target.LockedUntil > LockNowTicks)
        {
            throw new InvalidOperationException($"Instance '{instanceId}' cannot be rewound right now: a worker is processing it. Try again.");
        }

        List<(long Seq, HistoryEvent Event)> history = Database.Query(
            "SELECT seq, body FROM history WHERE instance_id = $id ORDER BY seq",
            r => (r.GetInt64(0), CoreJson.Deserialize<HistoryEvent>(r.GetString(1))),
            ("$id", instanceId));
        List<PendingMessage> pending = Database.Query(
            "SELECT id, queue, event_type, task_id FROM messages WHERE instance_id = $id ORDER BY id",
            r => new PendingMessage(r.GetInt64(0), r.GetInt32(1), Enum.Parse<EventType>(r.GetString(2)), r.IsDBNull(3) ? null : r.GetInt32(3)),
            ("$id", instanceId));

        RewindMode mode = modeOf(target.Name);
        var plan = new RewindPlan(instanceId, target.ExecutionId, mode);
        var scheduled = new Dictionary<int, (long Seq, HistoryEvent Event)>();
        var results = new Dictionary<int, List<long>>();
        foreach ((long seq, HistoryEvent e) in history)
        {
            if (IsScheduling(e))
            {
                scheduled[e.EventId] = (seq, e);
            }
            else if (IsResult(e))
            {
                int taskId = TaskIdOf(e)!.Value;
                if (!results.TryGetValue(taskId, out List<long>? seqs))
                {
                    results[taskId] = seqs = [];
                }

                seqs.Add(seq);
            }
        }

        List<(long Seq, HistoryEvent Event)> failures = history.Where(h => IsFailure(h.Event)).ToList();
        if (failures.Count == 0)
        {
            throw CannotRewind(
                instanceId,
                "its history has no activity or sub-orchestration failure to undo (it failed by throwing in its own code, or it was parked as poison)");
        }

        var dropped = new HashSet<int>();
        if (mode == RewindMode.LastFailure)
        {
            (long failedSeq, HistoryEvent failed) = failures[^1];
            int failedTask = TaskIdOf(failed)!.Value;
            foreach ((long seq, HistoryEvent e) in history.Where(h => h.Seq > failedSeq && IsScheduling(h.Event)))
            {
                if (e is TimerCreatedEvent)
                {
                    // A timer has no effect outside the instance (DurableTask.Core's retry loop adds one after the
                    // last attempt): drop it, and the replay creates it again only if the code still wants it.
                    dropped.Add(e.EventId);
                    continue;
                }

                throw CannotRewind(
                    instanceId,
                    $"its orchestrator handled the failure of {Describe(scheduled.GetValueOrDefault(failedTask).Event, failedTask)} and then " +
                    $"scheduled {Describe(e, e.EventId)}; undoing the failure would change the path it took");
            }

            plan.HistoryToDelete.Add(failedSeq);
        }
        else
        {
            long firstFailedSeq = failures[0].Seq;
            foreach ((long seq, HistoryEvent e) in history.Where(h => h.Seq > firstFailedSeq && IsScheduling(h.Event)))
            {
                dropped.Add(e.EventId);
            }

            plan.HistoryToDelete.UnionWith(failures.Select(f => f.Seq));
        }

        plan.HistoryToDelete.UnionWith(history.Where(h => h.Event.EventType == EventType.ExecutionCompleted).Select(h => h.Seq));
        foreach (int taskId in dropped)
        {
            (long seq, HistoryEvent e) = scheduled[taskId];
            if (e is SubOrchestrationInstanceCreatedEvent created)
            {
                string? childStatus = Database.ScalarString("SELECT status FROM instances WHERE instance_id = $id", ("$id", created.InstanceId));
                if (childStatus is not null && !IsTerminal(ParseStatus(childStatus)))
                {
                    throw new InvalidOperationException(
                        $"Instance '{instanceId}' cannot be rewound now: its child '{created.InstanceId}', created after the first failure, is " +
                        $"still {childStatus}. Terminate it or wait for it to end, then rewind again.");
                }
            }

            plan.HistoryToDelete.Add(seq);
            plan.HistoryToDelete.UnionWith(results.GetValueOrDefault(taskId) ?? []);
            plan.MessagesToDelete.UnionWith(pending.Where(m => m.TaskId == taskId).Select(m => m.Id));
        }

        // Every step still scheduled whose result is now missing runs again: the undone failures, and whatever was
        // in flight when the instance failed.
        foreach ((int taskId, (long _, HistoryEvent e)) in scheduled)
        {
            bool hasResult = results.TryGetValue(taskId, out List<long>? seqs) && seqs.Any(s => !plan.HistoryToDelete.Contains(s));
            if (dropped.Contains(taskId) || hasResult)
            {
                continue;
            }

            switch (e)
            {
                case TaskScheduledEvent activity:
                    PlanActivityRerun(plan, activity, pending);
                    break;
                case SubOrchestrationInstanceCreatedEvent child:
                    PlanChildRerun(plan, child, pending, modeOf, plans, visited);
                    break;
                case TimerCreatedEvent timer when !pending.Any(m => m.Queue == OrchestrationQueue && m.TaskId == timer.EventId && m.Type == EventType.TimerFired):
                    plan.NewMessages.Add((OrchestrationQueue, Message(plan, new TimerFiredEvent(-1, timer.FireAt) { TimerId = timer.EventId }), timer.FireAt.ToUniversalTime().Ticks));
                    break;
            }
        }

        plans.Add(plan);
    }

    private void PlanActivityRerun(RewindPlan plan, TaskScheduledEvent activity, List<PendingMessage> pending)
    {
        List<PendingMessage> results = pending.Where(m => m.Queue == OrchestrationQueue && m.TaskId == activity.EventId && IsResultType(m.Type)).ToList();
        plan.MessagesToDelete.UnionWith(results.Where(m => m.Type == EventType.TaskFailed).Select(m => m.Id));
        if (results.Any(m => m.Type == EventType.TaskCompleted)
            || pending.Any(m => m.Queue == ActivityQueue && m.TaskId == activity.EventId))
        {
            // Its result is already queued, or it is still queued (or running) itself.
            return;
        }

        var again = new TaskScheduledEvent(activity.EventId, activity.Name!, activity.Version, activity.Input) { Tags = activity.Tags };
        plan.NewMessages.Add((ActivityQueue, Message(plan, again), NowTicks));
    }

    private void PlanChildRerun(
        RewindPlan plan, SubOrchestrationInstanceCreatedEvent child, List<PendingMessage> pending, Func<string, RewindMode> modeOf, List<RewindPlan> plans, HashSet<string> visited)
    {
        List<PendingMessage> results = pending.Where(m => m.Queue == OrchestrationQueue && m.TaskId == child.EventId && IsResultType(m.Type)).ToList();
        plan.MessagesToDelete.UnionWith(results.Where(m => m.Type == EventType.SubOrchestrationInstanceFailed).Select(m => m.Id));
        if (results.Any(m => m.Type == EventType.SubOrchestrationInstanceCompleted))
        {
            return;
        }

        (OrchestrationStatus Status, string? Output)? row = Database.Query(
            "SELECT status, output FROM instances WHERE instance_id = $id",
            r => ((OrchestrationStatus Status, string? Output)?)(ParseStatus(r.GetString(0)), NullableString(r, 1)),
            ("$id", child.InstanceId)).FirstOrDefault();
        switch (row?.Status)
        {
            case null:
                throw CannotRewind(plan.InstanceId, $"its child '{child.InstanceId}' no longer exists (was it purged?)");
            case OrchestrationStatus.Pending or OrchestrationStatus.Running or OrchestrationStatus.Suspended:
                return; // Its result reaches the parent when it ends.
            case OrchestrationStatus.Completed:
                // It finished while the parent was failed: deliver its result again.
                plan.NewMessages.Add((OrchestrationQueue, Message(plan, new SubOrchestrationInstanceCompletedEvent(-1, child.EventId, row.Value.Output)), NowTicks));
                return;
            case OrchestrationStatus.Failed:
                PlanRewind(child.InstanceId, modeOf, plans, visited);
                return;
            default:
                throw CannotRewind(plan.InstanceId, $"its child '{child.InstanceId}' was {row.Value.Status}, and only Failed instances can be rewound");
        }
    }

    private static bool IsResultType(EventType type) => type is EventType.TaskCompleted or EventType.TaskFailed
        or EventType.SubOrchestrationInstanceCompleted or EventType.SubOrchestrationInstanceFailed or EventType.TimerFired;

    private static TaskMessage Message(RewindPlan plan, HistoryEvent e)
        => new() { OrchestrationInstance = new OrchestrationInstance { InstanceId = plan.InstanceId, ExecutionId = plan.ExecutionId }, Event = e };

    private void ApplyRewind(RewindPlan plan, string reason, CommitEffects effects)
    {
        long now = NowTicks;
        _historyCache.TryRemove(plan.InstanceId, out _);
        foreach (long seq in plan.HistoryToDelete)
        {
            Database.Execute("DELETE FROM history WHERE instance_id = $id AND seq = $seq", ("$id", plan.InstanceId), ("$seq", seq));
        }

        foreach (long messageId in plan.MessagesToDelete)
        {
            Database.Execute("DELETE FROM messages WHERE id = $id", ("$id", messageId));
        }

        foreach ((int queue, TaskMessage message, long visibleAt) in plan.NewMessages)
        {
            InsertMessage(queue, message, visibleAt);
            effects.ActivityWork |= queue == ActivityQueue;
        }

        // A wake-up turn: it records the rewind in the history, and lets an orchestrator whose scheduled work was
        // dropped replay and schedule it again. The executor ignores the event itself.
        InsertMessage(OrchestrationQueue, Message(plan, new GenericEvent(-1, $"Rewound ({plan.Mode}): {reason}")), now);
        effects.OrchestrationWork = true;
        Database.Execute(
            "UPDATE instances SET status = 'Running', output = NULL, failure = NULL, completed_at = NULL, updated_at = $now, " +
            "dispatch_attempts = 0, lock_token = NULL, locked_until = NULL WHERE instance_id = $id",
            ("$now", now),
            ("$id", plan.InstanceId));
        effects.Changed.Add(plan.InstanceId);
        Log.Rewound(_logger, plan.InstanceId, plan.Mode, reason);
    }

    private sealed record RewindTarget(OrchestrationStatus Status, string ExecutionId, string Name, string? LockToken, long? LockedUntil);

    private sealed record PendingMessage(long Id, int Queue, EventType Type, int? TaskId);

    private sealed class RewindPlan(string instanceId, string executionId, RewindMode mode)
    {
        public string InstanceId { get; } = instanceId;

        public string ExecutionId { get; } = executionId;

        public RewindMode Mode { get; } = mode;

        public HashSet<long> HistoryToDelete { get; } = [];

        public HashSet<long> MessagesToDelete { get; } = [];

        public List<(int Queue, TaskMessage Message, long VisibleAt)> NewMessages { get; } = [];
    }
}
