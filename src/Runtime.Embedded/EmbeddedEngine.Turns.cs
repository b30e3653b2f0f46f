using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Runtime.Embedded.Replay;
using MarketoExport.Runtime.Embedded.Storage;
using Microsoft.Data.Sqlite;

namespace MarketoExport.Runtime.Embedded;

public sealed partial class EmbeddedEngine
{
    private async Task ProcessTurnAsync(string instanceId)
    {
        await _gate.WaitAsync(Stopping);
        try
        {
            ProcessTurn(instanceId);
        }
        finally
        {
            _gate.Release();
        }

        _turnSignal.Set();
    }

    /// <summary>Runs one orchestration turn for an instance with visible messages. Caller holds the gate.</summary>
    private void ProcessTurn(string instanceId)
    {
        DateTime now = Now;
        InstanceRow? instance = _store.GetInstance(instanceId);
        List<InboxMessage> messages = _store.LoadVisibleMessages(instanceId, now);
        if (messages.Count == 0)
        {
            return;
        }

        if (instance is null || instance.IsTerminal)
        {
            // Late messages for a finished (or purged) instance: nothing will ever consume them.
            using SqliteTransaction drop = _store.Begin();
            _store.DeleteMessages(drop, messages.Select(m => m.Id));
            drop.Commit();
            return;
        }

        if (messages.FirstOrDefault(m => m.Event.Type == HistoryEventType.Terminate) is { } terminate)
        {
            Terminate(instance, messages, terminate.Event.Data, now);
            return;
        }

        OrchestrationRuntimeStatus status = instance.Status;
        var consumed = new List<long>();
        var work = new List<InboxMessage>();
        foreach (InboxMessage message in messages)
        {
            switch (message.Event.Type)
            {
                case HistoryEventType.Suspend:
                    status = OrchestrationRuntimeStatus.Suspended;
                    consumed.Add(message.Id);
                    break;
                case HistoryEventType.Resume:
                    // An instance suspended before its first turn goes back to Pending, so it waits for its start.
                    status = status != OrchestrationRuntimeStatus.Suspended ? status
                        : _store.HasHistory(instanceId) ? OrchestrationRuntimeStatus.Running : OrchestrationRuntimeStatus.Pending;
                    consumed.Add(message.Id);
                    break;
                default:
                    work.Add(message);
                    break;
            }
        }

        if (status == OrchestrationRuntimeStatus.Suspended)
        {
            using SqliteTransaction suspend = _store.Begin();
            _store.DeleteMessages(suspend, consumed);
            _store.SetStatus(suspend, instanceId, status, now);
            suspend.Commit();
            return;
        }

        int dispatch = _store.IncrementDispatchCount(instanceId);
        if (dispatch > _options.MaxDispatchAttempts)
        {
            _lastTurnErrors.TryRemove(instanceId, out string? lastError);
            string reason = $"Orchestration '{instanceId}' could not be processed after {_options.MaxDispatchAttempts} dispatches and was parked as failed. Last error: {lastError ?? "the process stopped during the turn"}";
            Log.Parked(_logger, $"orchestration {instanceId}", dispatch - 1, reason);
            FailInstance(instance, messages, new TaskFailureDetails(typeof(PoisonWorkItemException).FullName!, reason), now);
            return;
        }

        try
        {
            RunTurn(instance, status, consumed, work, now);
            _lastTurnErrors.TryRemove(instanceId, out _);
        }
        catch (Exception ex) when (!Stopping.IsCancellationRequested)
        {
            // Not the orchestrator's own failure (that fails the instance): the engine could not process the
            // turn. Messages stay; the next dispatch retries until MaxDispatchAttempts parks it.
            _lastTurnErrors[instanceId] = $"{ex.GetType().FullName}: {ex.Message}";
            Log.TurnFailed(_logger, ex, instanceId, dispatch);
            _orchestrationSignal.Set();
        }
    }

    private void RunTurn(InstanceRow instance, OrchestrationRuntimeStatus status, List<long> consumed, List<InboxMessage> work, DateTime now)
    {
        List<HistoryEvent> past = _store.LoadHistory(instance.InstanceId);
        List<HistoryEvent> accepted = FilterNewEvents(instance, past, work);
        bool force = work.Any(m => m.Event.Type == HistoryEventType.Wake);
        IEnumerable<long> allIds = consumed.Concat(work.Select(m => m.Id));
        bool started = past.Count > 0 || accepted.Any(e => e.Type == HistoryEventType.ExecutionStarted);
        if ((accepted.Count == 0 && !force) || !started)
        {
            // Nothing new to replay (duplicates, stale results, control messages only). Before the first start,
            // keep events: they are delivered with the start.
            using SqliteTransaction noop = _store.Begin();
            _store.DeleteMessages(noop, started ? allIds : consumed);
            _store.UpdateInstance(noop, instance.InstanceId, status,
                instance.Output, instance.CustomStatus, instance.Failure, now);
            noop.Commit();
            return;
        }

        if (!_registry.TryGetOrchestrator(instance.Name, out Func<IServiceProvider, IOrchestrator>? factory))
        {
            FailInstance(instance, work, new TaskFailureDetails(
                typeof(InvalidOperationException).FullName!,
                $"No orchestrator named '{instance.Name}' is registered with the embedded engine. Register it with DurableTaskRegistry.AddOrchestrator and restart the instance."), now, consumed);
            return;
        }

        IOrchestrator orchestrator = factory(_services);
        var fresh = new List<HistoryEvent>(accepted.Count + 1) { new(HistoryEventType.OrchestratorStarted, -1, now) };
        fresh.AddRange(accepted);
        OrchestrationOutcome outcome = OrchestrationExecutor.Execute(
            instance.InstanceId, instance.Name, orchestrator, past, fresh, _json, _loggers);
        Commit(instance, allIds, fresh, outcome, now);
    }

    /// <summary>
    /// Keeps the messages that are new facts for this execution: the first start, results of steps that are
    /// scheduled and not yet finished (each result once), and events. Duplicates and stale results are dropped.
    /// </summary>
    private static List<HistoryEvent> FilterNewEvents(InstanceRow instance, List<HistoryEvent> past, List<InboxMessage> work)
    {
        var scheduled = new Dictionary<int, HistoryEventType>();
        var finished = new HashSet<int>();
        bool hasStart = false;
        foreach (HistoryEvent e in past)
        {
            if (e.IsScheduling)
            {
                scheduled[e.TaskId] = e.Type;
            }
            else if (e.IsTaskResult)
            {
                finished.Add(e.TaskId);
            }
            else if (e.Type == HistoryEventType.ExecutionStarted)
            {
                hasStart = true;
            }
        }

        var accepted = new List<HistoryEvent>();
        foreach (InboxMessage message in work)
        {
            HistoryEvent e = message.Event;
            if (message.Generation is { } generation && generation != instance.Generation)
            {
                continue;
            }

            if (e.Type == HistoryEventType.ExecutionStarted)
            {
                if (!hasStart)
                {
                    hasStart = true;
                    accepted.Add(e);
                }
            }
            else if (e.Type == HistoryEventType.EventRaised)
            {
                accepted.Add(e);
            }
            else if (e.IsTaskResult
                && scheduled.TryGetValue(e.TaskId, out HistoryEventType type)
                && type == HistoryEvent.SchedulingTypeOf(e.Type)
                && finished.Add(e.TaskId))
            {
                accepted.Add(e);
            }
        }

        return accepted;
    }

    private void Commit(InstanceRow instance, IEnumerable<long> messageIds, List<HistoryEvent> fresh, OrchestrationOutcome outcome, DateTime now)
    {
        string id = instance.InstanceId;
        bool activities = false;
        bool terminal = false;
        using (SqliteTransaction tx = _store.Begin())
        {
            _store.DeleteMessages(tx, messageIds);
            switch (outcome.Status)
            {
                case OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed:
                    _store.AppendHistory(tx, id, fresh);
                    _store.UpdateInstance(tx, id, outcome.Status, outcome.Output, outcome.CustomStatus, outcome.Failure, now);
                    _store.DeletePendingWork(tx, id, keepEvents: false);
                    NotifyParent(tx, instance, outcome.Status, outcome.Output, outcome.Failure, now);
                    terminal = true;
                    break;
                case OrchestrationRuntimeStatus.ContinuedAsNew:
                    int generation = instance.Generation + 1;
                    _store.ClearHistory(tx, id);
                    _store.DeletePendingWork(tx, id, keepEvents: true);
                    _store.UpdateInstance(tx, id, OrchestrationRuntimeStatus.Running, null, outcome.CustomStatus, null, now, outcome.Output, generation);
                    _store.InsertMessage(tx, id, new HistoryEvent(HistoryEventType.ExecutionStarted, -1, now)
                    {
                        Name = instance.Name,
                        Data = outcome.Output,
                    }, generation, now);
                    foreach ((string name, string? payload) in outcome.CarryOverEvents)
                    {
                        _store.InsertMessage(tx, id, new HistoryEvent(HistoryEventType.EventRaised, -1, now) { Name = name, Data = payload }, null, now);
                    }

                    break;
                default:
                    _store.AppendHistory(tx, id, fresh.Concat(outcome.NewActions.Select(a => a.ToHistoryEvent(now))));
                    foreach (OrchestratorAction action in outcome.NewActions)
                    {
                        activities |= action.Kind == ActionKind.Activity;
                        Dispatch(tx, instance, action, now);
                    }

                    _store.UpdateInstance(tx, id, OrchestrationRuntimeStatus.Running, null, outcome.CustomStatus, null, now);
                    break;
            }

            tx.Commit();
        }

        Log.TurnCommitted(_logger, id, outcome.Status, outcome.NewActions.Count);
        AfterCommit(activities, terminal, id, outcome.Status);
    }

    private void AfterCommit(bool activities, bool terminal, string instanceId, OrchestrationRuntimeStatus status)
    {
        if (activities)
        {
            _activitySignal.Set();
        }

        if (terminal)
        {
            Log.InstanceEnded(_logger, instanceId, status);
            _completionSignal.Set();
        }

        _orchestrationSignal.Set();
    }

    /// <summary>Turns a new action into work: an activity task, a timer message, or a child instance.</summary>
    private void Dispatch(SqliteTransaction tx, InstanceRow instance, OrchestratorAction action, DateTime now)
    {
        switch (action.Kind)
        {
            case ActionKind.Activity:
                _store.InsertActivity(tx, instance.InstanceId, instance.Generation, action.TaskId, action.Name, action.Input, action.Attempt, now);
                break;
            case ActionKind.Timer:
                _store.InsertMessage(tx, instance.InstanceId, new HistoryEvent(HistoryEventType.TimerFired, action.TaskId, now), instance.Generation, action.FireAt);
                break;
            case ActionKind.SubOrchestration:
                string childId = action.ChildInstanceId!;
                InstanceRow? existing = _store.GetInstance(childId, tx);
                if (existing is { IsRunning: true } || childId == instance.InstanceId)
                {
                    var failure = new TaskFailureDetails(
                        typeof(OrchestrationAlreadyExistsException).FullName!,
                        $"Sub-orchestration instance id '{childId}' is already in use by a running instance.");
                    _store.InsertMessage(tx, instance.InstanceId, new HistoryEvent(HistoryEventType.SubOrchestrationFailed, action.TaskId, now) { Failure = failure }, instance.Generation, now);
                }
                else
                {
                    _store.CreateInstance(tx, new InstanceRow(childId, action.Name, OrchestrationRuntimeStatus.Pending)
                    {
                        Input = action.Input,
                        CreatedAt = now,
                        ParentId = instance.InstanceId,
                        ParentTaskId = action.TaskId,
                        ParentGeneration = instance.Generation,
                    }, now);
                }

                break;
        }
    }

    /// <summary>Tells a parent orchestration that its child finished.</summary>
    private void NotifyParent(SqliteTransaction tx, InstanceRow child, OrchestrationRuntimeStatus status, string? output, TaskFailureDetails? failure, DateTime now)
    {
        if (child.ParentId is null || _store.GetInstance(child.ParentId, tx) is not { IsRunning: true })
        {
            return;
        }

        HistoryEvent message = status == OrchestrationRuntimeStatus.Completed
            ? new HistoryEvent(HistoryEventType.SubOrchestrationCompleted, child.ParentTaskId, now) { Data = output }
            : new HistoryEvent(HistoryEventType.SubOrchestrationFailed, child.ParentTaskId, now)
            {
                Failure = failure ?? new TaskFailureDetails(
                    "MarketoExport.Runtime.Embedded.OrchestrationTerminated", $"Sub-orchestration '{child.InstanceId}' was {status}."),
            };
        _store.InsertMessage(tx, child.ParentId, message, child.ParentGeneration, now);
        _orchestrationSignal.Set();
    }

    private void FailInstance(InstanceRow instance, IEnumerable<InboxMessage> messages, TaskFailureDetails failure, DateTime now, IEnumerable<long>? alsoDelete = null)
    {
        using (SqliteTransaction tx = _store.Begin())
        {
            _store.DeleteMessages(tx, messages.Select(m => m.Id).Concat(alsoDelete ?? []));
            _store.UpdateInstance(tx, instance.InstanceId, OrchestrationRuntimeStatus.Failed, null, instance.CustomStatus, failure, now);
            _store.DeletePendingWork(tx, instance.InstanceId, keepEvents: false);
            NotifyParent(tx, instance, OrchestrationRuntimeStatus.Failed, null, failure, now);
            tx.Commit();
        }

        AfterCommit(activities: false, terminal: true, instance.InstanceId, OrchestrationRuntimeStatus.Failed);
    }

    private void Terminate(InstanceRow instance, List<InboxMessage> messages, string? output, DateTime now)
    {
        using (SqliteTransaction tx = _store.Begin())
        {
            _store.DeleteMessages(tx, messages.Select(m => m.Id));
            _store.UpdateInstance(tx, instance.InstanceId, OrchestrationRuntimeStatus.Terminated, output, instance.CustomStatus, null, now);
            _store.DeletePendingWork(tx, instance.InstanceId, keepEvents: false);
            foreach ((string childId, _) in _store.RunningChildren(tx, instance.InstanceId))
            {
                _store.InsertMessage(tx, childId, new HistoryEvent(HistoryEventType.Terminate, -1, now) { Data = output }, null, now);
            }

            NotifyParent(tx, instance, OrchestrationRuntimeStatus.Terminated, output, null, now);
            tx.Commit();
        }

        AfterCommit(activities: false, terminal: true, instance.InstanceId, OrchestrationRuntimeStatus.Terminated);
    }
}
