using DurableTask.Core;
using MarketoExport.Durable.Sqlite;

namespace MarketoExport.Durable.Worker;

/// <summary>
/// The orchestration service as the worker's TaskHubWorker sees it: every call goes to the real service, and the
/// work items handed out are counted until they are completed, abandoned or released, so a stop can wait for
/// them. Once stopping, it hands out no more work items.
/// </summary>
internal sealed class TrackedOrchestrationService(IOrchestrationService inner) : IOrchestrationService
{
    private readonly AsyncSignal _changed = new();
    private int _outstanding;
    private int _fetching;
    private volatile bool _stopping;

    public IOrchestrationService Inner { get; } = inner;

    public int Outstanding => Volatile.Read(ref _outstanding);

    public int TaskOrchestrationDispatcherCount => Inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => Inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => Inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => Inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => Inner.MaxConcurrentTaskActivityWorkItems;

    /// <summary>Stops handing out work items and wakes the fetches that wait in the real service.</summary>
    public async Task BeginStopAsync()
    {
        _stopping = true;
        await Inner.StopAsync(isForced: true).ConfigureAwait(false);
    }

    /// <summary>Waits until no fetch is inside the real service, so no work item can be handed out any more.</summary>
    public Task<bool> WaitForNoFetchAsync(TimeSpan timeout) => WaitAsync(() => Volatile.Read(ref _fetching) == 0, timeout);

    /// <summary>Waits until every work item handed out has been completed, abandoned or released.</summary>
    public Task<bool> WaitForIdleAsync(TimeSpan timeout) => WaitAsync(() => Outstanding == 0, timeout);

    public Task StartAsync()
    {
        _stopping = false;
        return Inner.StartAsync();
    }

    public Task StopAsync() => Inner.StopAsync();

    public Task StopAsync(bool isForced) => Inner.StopAsync(isForced);

    public Task CreateAsync() => Inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => Inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => Inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => Inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => Inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState)
        => Inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => Inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => Inner.GetDelayInSecondsAfterOnFetchException(exception);

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        if (!await EnterFetchAsync(cancellationToken).ConfigureAwait(false))
        {
            return null!;
        }

        try
        {
            TaskOrchestrationWorkItem? item = await Inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                return null!;
            }

            if (_stopping)
            {
                await Inner.ReleaseTaskOrchestrationWorkItemAsync(item).ConfigureAwait(false);
                return null!;
            }

            Interlocked.Increment(ref _outstanding);
            return item;
        }
        finally
        {
            ExitFetch();
        }
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => Inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
        => Inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => Inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    /// <summary>DurableTask.Core releases every orchestration work item once, after it completed or abandoned it.</summary>
    public async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        try
        {
            await Inner.ReleaseTaskOrchestrationWorkItemAsync(workItem).ConfigureAwait(false);
        }
        finally
        {
            Done();
        }
    }

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        if (!await EnterFetchAsync(cancellationToken).ConfigureAwait(false))
        {
            return null!;
        }

        try
        {
            TaskActivityWorkItem? item = await Inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                return null!;
            }

            if (_stopping)
            {
                await Inner.AbandonTaskActivityWorkItemAsync(item).ConfigureAwait(false);
                return null!;
            }

            Interlocked.Increment(ref _outstanding);
            return item;
        }
        finally
        {
            ExitFetch();
        }
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => Inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        try
        {
            await Inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage).ConfigureAwait(false);
        }
        finally
        {
            Done();
        }
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        try
        {
            await Inner.AbandonTaskActivityWorkItemAsync(workItem).ConfigureAwait(false);
        }
        finally
        {
            Done();
        }
    }

    private async Task<bool> EnterFetchAsync(CancellationToken cancellationToken)
    {
        if (_stopping)
        {
            // Park the dispatcher's fetch loop until its own stop cancels it, instead of letting it spin.
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return false;
        }

        Interlocked.Increment(ref _fetching);
        if (_stopping)
        {
            ExitFetch();
            return false;
        }

        return true;
    }

    private void ExitFetch()
    {
        Interlocked.Decrement(ref _fetching);
        _changed.Set();
    }

    private void Done()
    {
        Interlocked.Decrement(ref _outstanding);
        _changed.Set();
    }

    private async Task<bool> WaitAsync(Func<bool> done, TimeSpan timeout)
    {
        using var expired = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed = _changed.Prepare();
            if (done())
            {
                return true;
            }

            if (expired.IsCancellationRequested)
            {
                return false;
            }

            try
            {
                await changed.WaitAsync(expired.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return done();
            }
        }
    }
}
