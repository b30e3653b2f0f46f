namespace MarketoExport.Durable.Sqlite;

/// <summary>
/// Wakes the callers waiting on an instance (completion, start) when a commit changed it. A waiter takes
/// <see cref="Prepare"/> before reading the instance and awaits it only when the state is not yet the one it wants.
/// </summary>
internal sealed class InstanceChangeNotifier
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    public Task Prepare(string instanceId)
    {
        lock (_gate)
        {
            if (!_waiting.TryGetValue(instanceId, out TaskCompletionSource? changed))
            {
                changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Add(instanceId, changed);
            }

            return changed.Task;
        }
    }

    public void Notify(string instanceId)
    {
        TaskCompletionSource? changed;
        lock (_gate)
        {
            if (_waiting.Count == 0 || !_waiting.Remove(instanceId, out changed))
            {
                return;
            }
        }

        changed.TrySetResult();
    }

    public void Notify(IEnumerable<string> instanceIds)
    {
        foreach (string instanceId in instanceIds)
        {
            Notify(instanceId);
        }
    }
}
