using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Runtime.Embedded.Replay;
using MarketoExport.Runtime.Embedded.Storage;
using Microsoft.Data.Sqlite;

namespace MarketoExport.Runtime.Embedded;

public sealed partial class EmbeddedEngine
{
    /// <summary>
    /// Decides, without writing, which failures of a Failed instance a rewind undoes. Every failed activity or
    /// sub-orchestration result is a candidate. A trial replay runs the orchestrator over the history without the
    /// chosen failures: it must reproduce every recorded step and end waiting on a step that runs again. If all
    /// the candidates fail the trial, only the trailing ones (after which nothing was scheduled) are tried. A
    /// failed child whose failure is undone (or that was still running when the parent failed) is planned the same
    /// way, recursively.
    /// </summary>
    /// <exception cref="InvalidOperationException">The instance cannot be rewound; nothing was changed.</exception>
    private RewindPlan PlanRewind(InstanceRow row, DateTime now)
    {
        string id = row.InstanceId;
        List<(long Seq, HistoryEvent Event)> history = _store.LoadHistoryWithSeq(id);
        var steps = new Dictionary<int, HistoryEvent>();
        var results = new Dictionary<int, HistoryEvent>();
        var candidates = new List<RewindCandidate>();
        for (int i = 0; i < history.Count; i++)
        {
            HistoryEvent e = history[i].Event;
            if (e.IsScheduling)
            {
                steps[e.TaskId] = e;
            }
            else if (e.IsTaskResult)
            {
                results[e.TaskId] = e;
                if (e.Type is HistoryEventType.TaskFailed or HistoryEventType.SubOrchestrationFailed && steps.TryGetValue(e.TaskId, out HistoryEvent? step))
                {
                    bool isTrailing = !history.Skip(i + 1).Any(h => h.Event.IsScheduling);
                    candidates.Add(new RewindCandidate(history[i].Seq, step, isTrailing));
                }
            }
        }

        // Failed children that a rewind of this instance may rewind too: the failed ones and the ones in flight.
        var childPlans = new Dictionary<int, RewindPlan>();
        var childRefusals = new Dictionary<int, InvalidOperationException>();
        foreach (HistoryEvent step in steps.Values.Where(s => s.Type == HistoryEventType.SubOrchestrationCreated).OrderBy(s => s.TaskId))
        {
            bool inFlight = !results.ContainsKey(step.TaskId);
            if ((inFlight || candidates.Any(c => c.Step.TaskId == step.TaskId))
                && _store.GetInstance(step.Reference!) is { Status: OrchestrationRuntimeStatus.Failed } child)
            {
                try
                {
                    childPlans[step.TaskId] = PlanRewind(child, now);
                }
                catch (InvalidOperationException refusal) when (!inFlight)
                {
                    childRefusals[step.TaskId] = refusal;
                }
                catch (InvalidOperationException refusal)
                {
                    throw ChildRefusal(id, step, refusal);
                }
            }
        }

        if (candidates.Count == 0)
        {
            // The orchestrator failed by itself: replay it again (after a fix, say) with the in-flight steps.
            return Build(row, history, steps, [], childPlans);
        }

        if (!_registry.TryGetOrchestrator(row.Name, out Func<IServiceProvider, IOrchestrator>? factory))
        {
            throw new InvalidOperationException(
                $"Instance '{id}' cannot be rewound: no orchestrator named '{row.Name}' is registered with the embedded engine. Register it and rewind again, or restart the instance.");
        }

        List<RewindCandidate> viable = candidates.Where(c => !childRefusals.ContainsKey(c.Step.TaskId)).ToList();
        List<RewindCandidate> trailing = viable.Where(c => c.Trailing).ToList();
        string? trialError = null;
        foreach (List<RewindCandidate> chosen in trailing.Count == viable.Count ? [viable] : new[] { viable, trailing })
        {
            if (chosen.Count == 0)
            {
                continue;
            }

            RewindPlan plan = Build(row, history, steps, chosen, childPlans);
            trialError = Trial(plan, history, factory, now);
            if (trialError is null)
            {
                return plan;
            }
        }

        if (candidates.FirstOrDefault(c => !c.Trailing) is { } handled)
        {
            throw new InvalidOperationException(
                $"Instance {id} cannot be rewound: its orchestrator handled the failure of '{handled.Step.Name}' #{handled.Step.TaskId} and continued; rewinding it would change the path it took. Restart it instead.");
        }

        if (childRefusals.Count > 0)
        {
            (int taskId, InvalidOperationException refusal) = childRefusals.First();
            throw ChildRefusal(id, steps[taskId], refusal);
        }

        RewindCandidate first = candidates[0];
        throw new InvalidOperationException(
            $"Instance {id} cannot be rewound: replaying its orchestrator without the failure of '{first.Step.Name}' #{first.Step.TaskId} does not reproduce its history ({trialError}). Restart it instead.");
    }

    /// <summary>Undoes the planned failures, queues the steps that run again, rewinds children, wakes the instance.</summary>
    private void ApplyRewind(SqliteTransaction tx, RewindPlan plan, DateTime now)
    {
        InstanceRow row = plan.Row;
        _store.DeleteHistoryRows(tx, row.InstanceId, plan.RemovedSeqs);
        _store.AppendHistory(tx, row.InstanceId, plan.Rerun.Select(step => new HistoryEvent(HistoryEventType.Rewound, step.TaskId, now)));
        foreach (HistoryEvent step in plan.Rerun)
        {
            switch (step.Type)
            {
                case HistoryEventType.TaskScheduled:
                    _store.InsertActivity(tx, row.InstanceId, row.Generation, step.TaskId, step.Name!, step.Data, step.Attempt, now);
                    break;
                case HistoryEventType.TimerCreated:
                    _store.InsertMessage(tx, row.InstanceId, new HistoryEvent(HistoryEventType.TimerFired, step.TaskId, now), row.Generation, step.FireAt ?? now);
                    break;
                case HistoryEventType.SubOrchestrationCreated:
                    InstanceRow? child = _store.GetInstance(step.Reference!, tx);
                    if (plan.Children.TryGetValue(step.TaskId, out RewindPlan? childPlan))
                    {
                        ApplyRewind(tx, childPlan, now);
                    }
                    else if (child is { Status: OrchestrationRuntimeStatus.Completed })
                    {
                        _store.InsertMessage(tx, row.InstanceId, new HistoryEvent(HistoryEventType.SubOrchestrationCompleted, step.TaskId, now) { Data = child.Output }, row.Generation, now);
                    }
                    else if (child is null || child.IsTerminal)
                    {
                        _store.CreateInstance(tx, new InstanceRow(step.Reference!, step.Name!, OrchestrationRuntimeStatus.Pending)
                        {
                            Input = step.Data,
                            CreatedAt = now,
                            ParentId = row.InstanceId,
                            ParentTaskId = step.TaskId,
                            ParentGeneration = row.Generation,
                        }, now);
                    }

                    break;
            }
        }

        _store.UpdateInstance(tx, row.InstanceId, OrchestrationRuntimeStatus.Running, null, row.CustomStatus, null, now);
        _store.InsertMessage(tx, row.InstanceId, new HistoryEvent(HistoryEventType.Wake, -1, now), null, now);
    }

    private static RewindPlan Build(
        InstanceRow row, List<(long Seq, HistoryEvent Event)> history, Dictionary<int, HistoryEvent> steps,
        List<RewindCandidate> chosen, Dictionary<int, RewindPlan> childPlans)
    {
        var removed = chosen.Select(c => c.Seq).ToHashSet();
        var finished = history.Where(h => h.Event.IsTaskResult && !removed.Contains(h.Seq)).Select(h => h.Event.TaskId).ToHashSet();
        List<HistoryEvent> rerun = steps.Values.Where(s => !finished.Contains(s.TaskId)).OrderBy(s => s.TaskId).ToList();
        var children = rerun.Where(s => childPlans.ContainsKey(s.TaskId)).ToDictionary(s => s.TaskId, s => childPlans[s.TaskId]);
        return new RewindPlan(row, [.. removed], rerun, children);
    }

    /// <summary>Replays the orchestrator as it will run after the rewind; null when it stays on its recorded path.</summary>
    private string? Trial(RewindPlan plan, List<(long Seq, HistoryEvent Event)> history, Func<IServiceProvider, IOrchestrator> factory, DateTime now)
    {
        var removed = plan.RemovedSeqs.ToHashSet();
        List<HistoryEvent> events = history.Where(h => !removed.Contains(h.Seq)).Select(h => h.Event)
            .Concat(plan.Rerun.Select(step => new HistoryEvent(HistoryEventType.Rewound, step.TaskId, now)))
            .Append(new HistoryEvent(HistoryEventType.OrchestratorStarted, -1, now))
            .ToList();
        OrchestrationOutcome outcome;
        try
        {
            outcome = OrchestrationExecutor.Execute(plan.Row.InstanceId, plan.Row.Name, factory(_services), events, [], _json, _loggers);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return $"the orchestrator could not be created: {ex.Message}";
        }

        var rerun = plan.Rerun.Select(s => s.TaskId).ToHashSet();
        return outcome.Status switch
        {
            OrchestrationRuntimeStatus.Running when outcome.PendingTaskIds.Any(rerun.Contains) => null,
            OrchestrationRuntimeStatus.Running => "the orchestrator does not wait on any step that runs again",
            OrchestrationRuntimeStatus.Failed => outcome.Failure?.ErrorMessage ?? "the orchestrator failed again",
            _ => $"the orchestrator ends as {outcome.Status} without the steps that run again",
        };
    }

    private static InvalidOperationException ChildRefusal(string instanceId, HistoryEvent step, InvalidOperationException refusal)
        => new($"Instance {instanceId} cannot be rewound because its sub-orchestration '{step.Name}' #{step.TaskId} cannot: {refusal.Message}", refusal);

    /// <summary>A failed step result a rewind may undo.</summary>
    /// <param name="Seq">The history row of the failure.</param>
    /// <param name="Step">The scheduling event of the failed step.</param>
    /// <param name="Trailing">True when nothing was scheduled after the failure.</param>
    private sealed record RewindCandidate(long Seq, HistoryEvent Step, bool Trailing);

    /// <summary>What a rewind of one instance does.</summary>
    /// <param name="Row">The instance.</param>
    /// <param name="RemovedSeqs">The failure rows deleted from history.</param>
    /// <param name="Rerun">The steps queued again (the undone failures and the steps in flight when it failed).</param>
    /// <param name="Children">Rewinds of failed children among the steps queued again, by task id.</param>
    private sealed record RewindPlan(InstanceRow Row, List<long> RemovedSeqs, List<HistoryEvent> Rerun, Dictionary<int, RewindPlan> Children);
}
