using System.Text.Json;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Runtime.Embedded.Replay;
using MarketoExport.Runtime.Embedded.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace MarketoExport.Runtime.Embedded;

public sealed partial class EmbeddedEngine
{
    private int _activitiesInFlight;

    private async Task ActivityLoopAsync()
    {
        while (!Stopping.IsCancellationRequested)
        {
            Task wake = _activitySignal.Prepare();
            int free = _options.MaxConcurrentActivities - Volatile.Read(ref _activitiesInFlight);
            if (free > 0)
            {
                List<ActivityWorkItem> items;
                await _gate.WaitAsync(Stopping);
                try
                {
                    items = _store.ClaimActivities(_lease, free);
                }
                finally
                {
                    _gate.Release();
                }

                foreach (ActivityWorkItem item in items)
                {
                    if (item.DispatchCount > _options.MaxDispatchAttempts)
                    {
                        await ParkActivityAsync(item);
                        continue;
                    }

                    Interlocked.Increment(ref _activitiesInFlight);
                    _runningActivities[item.Id] = Task.Run(() => RunActivityAsync(item));
                }

                if (items.Count > 0)
                {
                    continue;
                }
            }

            await wake.WaitAsync(Stopping);
        }
    }

    private async Task RunActivityAsync(ActivityWorkItem item)
    {
        try
        {
            string? result = null;
            TaskFailureDetails? failure = null;
            try
            {
                result = await InvokeActivityAsync(item);
            }
            catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
            {
                // Engine shutdown: the task stays queued and is dispatched again on the next start.
                return;
            }
            catch (Exception ex)
            {
                failure = TaskFailureDetails.FromException(ex);
                Log.ActivityFailed(_logger, item.Name, item.InstanceId, failure.ErrorType);
            }

            await RecordActivityResultAsync(item, result, failure);
        }
        finally
        {
            _runningActivities.TryRemove(item.Id, out _);
            Interlocked.Decrement(ref _activitiesInFlight);
            _activitySignal.Set();
            _turnSignal.Set();
        }
    }

    private async Task<string?> InvokeActivityAsync(ActivityWorkItem item)
    {
        if (!_registry.TryGetActivity(item.Name, out Func<IServiceProvider, IActivity>? factory))
        {
            throw new InvalidOperationException(
                $"No activity named '{item.Name}' is registered with the embedded engine. Register it with DurableTaskRegistry.AddActivity.");
        }

        IServiceScopeFactory? scopes = _services.GetService<IServiceScopeFactory>();
        AsyncServiceScope? scope = scopes?.CreateAsyncScope();
        try
        {
            IActivity activity = factory(scope?.ServiceProvider ?? _services);
            object? input = InputConverter.Deserialize(item.Input, activity.InputType, _json);
            var context = new ActivityContext(item.Name, item.InstanceId, item.PolicyAttempt + item.DispatchCount - 1);
            object? output = await activity.RunAsync(context, input, Stopping);
            return Serialize(output);
        }
        finally
        {
            if (scope is { } s)
            {
                await s.DisposeAsync();
            }
        }
    }

    /// <summary>Records a result once: removing the task row and queueing the result message are one transaction.</summary>
    private async Task RecordActivityResultAsync(ActivityWorkItem item, string? result, TaskFailureDetails? failure)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            DateTime now = Now;
            using SqliteTransaction tx = _store.Begin();
            if (!_store.RemoveActivity(tx, item.Id))
            {
                return;
            }

            EnqueueResult(tx, item, result, failure, now);
            tx.Commit();
        }
        catch (ObjectDisposedException)
        {
            // The engine stopped while the activity ran; it runs again on the next start.
            return;
        }
        finally
        {
            _gate.Release();
        }

        _orchestrationSignal.Set();
    }

    private async Task ParkActivityAsync(ActivityWorkItem item)
    {
        string reason = $"Activity '{item.Name}' (task #{item.TaskId} of '{item.InstanceId}') was dispatched {item.DispatchCount - 1} times without completing (the worker stopped or crashed each time) and was parked as failed after MaxDispatchAttempts = {_options.MaxDispatchAttempts}.";
        Log.Parked(_logger, $"activity {item.Name}#{item.TaskId} of {item.InstanceId}", item.DispatchCount - 1, reason);
        await _gate.WaitAsync(Stopping);
        try
        {
            using SqliteTransaction tx = _store.Begin();
            _store.ParkActivity(tx, item.Id, reason);
            EnqueueResult(tx, item, null, new TaskFailureDetails(typeof(PoisonWorkItemException).FullName!, reason), Now);
            tx.Commit();
        }
        finally
        {
            _gate.Release();
        }

        _orchestrationSignal.Set();
    }

    private void EnqueueResult(SqliteTransaction tx, ActivityWorkItem item, string? result, TaskFailureDetails? failure, DateTime now)
    {
        if (_store.GetInstance(item.InstanceId, tx) is not { IsRunning: true } instance || instance.Generation != item.Generation)
        {
            return;
        }

        HistoryEvent message = failure is null
            ? new HistoryEvent(HistoryEventType.TaskCompleted, item.TaskId, now) { Data = result }
            : new HistoryEvent(HistoryEventType.TaskFailed, item.TaskId, now) { Failure = failure };
        _store.InsertMessage(tx, item.InstanceId, message, item.Generation, now);
    }
}
