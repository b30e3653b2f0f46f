namespace MarketoExport.Durable.Sqlite;

/// <summary>
/// A wake-up signal for waiting loops. Take <see cref="Prepare"/> before looking for work, and await the task
/// only when nothing was found: a <see cref="Set"/> in between is never lost.
/// </summary>
internal sealed class AsyncSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _current = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Prepare()
    {
        lock (_gate)
        {
            if (_current.Task.IsCompleted)
            {
                _current = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return _current.Task;
        }
    }

    public void Set()
    {
        lock (_gate)
        {
            _current.TrySetResult();
        }
    }
}
