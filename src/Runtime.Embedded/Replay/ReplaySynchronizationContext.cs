namespace MarketoExport.Runtime.Embedded.Replay;

/// <summary>
/// Runs every continuation of orchestrator code on the replay thread, in the order posted. Nothing reaches the
/// thread pool, so a replay is deterministic: the executor drains the queue after feeding each history event.
/// </summary>
internal sealed class ReplaySynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly int _threadId = Environment.CurrentManagedThreadId;

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (Environment.CurrentManagedThreadId != _threadId)
        {
            // Orchestrator code escaped the replay thread (Task.Run, ConfigureAwait(false) over real I/O...).
            // Queued work from another thread would make replay depend on timing; record and refuse.
            EscapedThread = true;
            return;
        }

        _queue.Enqueue((d, state));
    }

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>True when a continuation was posted from another thread.</summary>
    public bool EscapedThread { get; private set; }

    /// <summary>Runs queued continuations (and those they queue) until none is left.</summary>
    public void Drain()
    {
        while (_queue.TryDequeue(out (SendOrPostCallback Callback, object? State) item))
        {
            item.Callback(item.State);
        }
    }
}
