using System.Text.Json;
using MarketoExport.Orchestrations.Abstractions;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Runtime.Embedded.Replay;

/// <summary>
/// Replays an orchestrator over its history and the new events of this turn, on the calling thread under a
/// <see cref="ReplaySynchronizationContext"/>. Each scheduling event in history must match the step the code
/// schedules at the same sequence number; steps past the end of history are the turn's new actions.
/// </summary>
internal static class OrchestrationExecutor
{
    public static OrchestrationOutcome Execute(
        string instanceId,
        string name,
        IOrchestrator orchestrator,
        IReadOnlyList<HistoryEvent> past,
        IReadOnlyList<HistoryEvent> fresh,
        JsonSerializerOptions json,
        ILoggerFactory loggers)
    {
        string? input = past.Concat(fresh).FirstOrDefault(e => e.Type == HistoryEventType.ExecutionStarted)?.Data;
        var context = new EmbeddedOrchestrationContext(name, instanceId, input, json, loggers);
        var sync = new ReplaySynchronizationContext();
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(sync);
        Task<object?>? run = null;
        int scheduledInHistory = 0;

        // After a rewind, the code may reach a recorded step later than history recorded it (it now waits on a
        // rewound step first). Such steps, and their results, wait here until the code schedules them.
        bool rewound = past.Concat(fresh).Any(e => e.Type == HistoryEventType.Rewound);
        var deferred = new List<HistoryEvent>();
        try
        {
            int index = 0;
            foreach (HistoryEvent e in past.Concat(fresh))
            {
                context.IsReplaying = index++ < past.Count;
                switch (e.Type)
                {
                    case HistoryEventType.OrchestratorStarted:
                        context.CurrentUtcDateTime = e.Timestamp;
                        break;
                    case HistoryEventType.ExecutionStarted when run is null:
                        run = Start(orchestrator, context, input, json);
                        break;
                    case HistoryEventType.TaskScheduled or HistoryEventType.TimerCreated or HistoryEventType.SubOrchestrationCreated:
                        scheduledInHistory++;
                        if (rewound && e.TaskId >= context.Actions.Count)
                        {
                            deferred.Add(e);
                        }
                        else if (Match(instanceId, e, context.Actions) is { } mismatch)
                        {
                            return Failed(context, mismatch);
                        }

                        break;
                    case HistoryEventType.EventRaised:
                        context.DeliverEvent(e.Name ?? string.Empty, e.Data);
                        break;
                    default:
                        if (e.IsTaskResult && rewound && e.TaskId >= context.Actions.Count)
                        {
                            deferred.Add(e);
                        }
                        else if (e.IsTaskResult)
                        {
                            Complete(e, context.Actions);
                        }

                        break;
                }

                sync.Drain();
                if (CatchUp(instanceId, deferred, context, sync) is { } late)
                {
                    return Failed(context, late);
                }
            }

            context.IsReplaying = false;
            sync.Drain();
            if (CatchUp(instanceId, deferred, context, sync) is { } last)
            {
                return Failed(context, last);
            }

            if (deferred.FirstOrDefault(d => d.IsScheduling) is { } unmatched)
            {
                return Failed(context, new NonDeterministicOrchestrationException(instanceId, unmatched.TaskId, Describe(unmatched), "nothing"));
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Thrown synchronously by orchestrator code (an async void, a continuation): the instance fails.
            return Failed(context, ex);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (sync.EscapedThread)
        {
            return Failed(context, new InvalidOperationException(
                $"Orchestrator '{name}' continued on a thread other than the replay thread (Task.Run, ConfigureAwait(false) or real I/O in orchestrator code). Use only the orchestration context."));
        }

        if (run is null)
        {
            return new OrchestrationOutcome(OrchestrationRuntimeStatus.Pending);
        }

        if (!run.IsCompleted)
        {
            return new OrchestrationOutcome(OrchestrationRuntimeStatus.Running)
            {
                CustomStatus = context.SerializedCustomStatus,
                NewActions = context.Actions.Skip(scheduledInHistory).ToList(),
                PendingTaskIds = context.Actions.Where(a => !a.Completion.Task.IsCompleted).Select(a => a.TaskId).ToList(),
            };
        }

        if (run.IsFaulted || run.IsCanceled)
        {
            Exception error = run.Exception?.InnerException ?? (Exception?)run.Exception ?? new TaskCanceledException(run);
            return Failed(context, error);
        }

        if (context.ContinueAsNewRequested)
        {
            return new OrchestrationOutcome(OrchestrationRuntimeStatus.ContinuedAsNew)
            {
                Output = context.ContinueAsNewInput,
                CustomStatus = context.SerializedCustomStatus,
                CarryOverEvents = context.PreserveUnprocessedEvents ? context.UnconsumedEvents().ToList() : [],
            };
        }

        try
        {
            return new OrchestrationOutcome(OrchestrationRuntimeStatus.Completed)
            {
                Output = context.Serialize(run.Result),
                CustomStatus = context.SerializedCustomStatus,
            };
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return Failed(context, ex);
        }
    }

    private static Task<object?> Start(IOrchestrator orchestrator, EmbeddedOrchestrationContext context, string? input, JsonSerializerOptions json)
    {
        try
        {
            object? typedInput = InputConverter.Deserialize(input, orchestrator.InputType, json);
            return orchestrator.RunAsync(context, typedInput);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Task.FromException<object?>(ex);
        }
    }

    private static NonDeterministicOrchestrationException? Match(string instanceId, HistoryEvent recorded, IReadOnlyList<OrchestratorAction> actions)
    {
        if (recorded.TaskId >= actions.Count)
        {
            return new NonDeterministicOrchestrationException(instanceId, recorded.TaskId, Describe(recorded), "nothing");
        }

        OrchestratorAction action = actions[recorded.TaskId];
        bool sameKind = action.SchedulingType == recorded.Type;
        bool sameName = recorded.Type == HistoryEventType.TimerCreated || string.Equals(action.Name, recorded.Name, StringComparison.OrdinalIgnoreCase);
        return sameKind && sameName
            ? null
            : new NonDeterministicOrchestrationException(instanceId, recorded.TaskId, Describe(recorded), action.Describe());
    }

    private static string Describe(HistoryEvent e) => e.Describe();

    /// <summary>
    /// Matches deferred scheduling events the code has now reached, and delivers their deferred results, in
    /// history order, until nothing more can be matched.
    /// </summary>
    private static NonDeterministicOrchestrationException? CatchUp(
        string instanceId, List<HistoryEvent> deferred, EmbeddedOrchestrationContext context, ReplaySynchronizationContext sync)
    {
        bool progress = true;
        while (progress)
        {
            progress = false;
            for (int i = 0; i < deferred.Count; i++)
            {
                HistoryEvent e = deferred[i];
                if (e.TaskId >= context.Actions.Count)
                {
                    continue;
                }

                deferred.RemoveAt(i);
                if (e.IsScheduling)
                {
                    if (Match(instanceId, e, context.Actions) is { } mismatch)
                    {
                        return mismatch;
                    }
                }
                else
                {
                    Complete(e, context.Actions);
                    sync.Drain();
                }

                progress = true;
                break;
            }
        }

        return null;
    }

    private static void Complete(HistoryEvent e, IReadOnlyList<OrchestratorAction> actions)
    {
        if (e.TaskId < 0 || e.TaskId >= actions.Count)
        {
            return;
        }

        OrchestratorAction action = actions[e.TaskId];
        switch (e.Type)
        {
            case HistoryEventType.TaskCompleted or HistoryEventType.SubOrchestrationCompleted or HistoryEventType.TimerFired:
                action.Completion.TrySetResult(e.Data);
                break;
            case HistoryEventType.TaskFailed or HistoryEventType.SubOrchestrationFailed:
                TaskFailureDetails details = e.Failure ?? new TaskFailureDetails("Unknown", "The task failed without details.");
                action.Completion.TrySetException(new TaskFailedException(action.Name, action.TaskId, details));
                break;
        }
    }

    private static OrchestrationOutcome Failed(EmbeddedOrchestrationContext context, Exception error)
    {
        if (error is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            error = aggregate.InnerExceptions[0];
        }

        return new OrchestrationOutcome(OrchestrationRuntimeStatus.Failed)
        {
            Failure = TaskFailureDetails.FromException(error),
            CustomStatus = context.SerializedCustomStatus,
        };
    }
}
