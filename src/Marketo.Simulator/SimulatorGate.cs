namespace MarketoExport.Marketo.Simulator;

/// <summary>
/// Holds matching API calls in flight (after they were admitted and counted) until released, so tests can
/// create concurrency (615) deterministically. Obtained from <see cref="SimulatorControl.Hold"/>.
/// </summary>
public sealed class SimulatorGate : IDisposable
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<SimulatorGate> _onDispose;
    private readonly object _sync = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private int _held;

    internal SimulatorGate(string? pathContains, Action<SimulatorGate> onDispose)
    {
        PathContains = pathContains;
        _onDispose = onDispose;
    }

    /// <summary>Calls whose path contains this text are held (null: every API call).</summary>
    public string? PathContains { get; }

    /// <summary>Number of calls currently held.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Completes once at least <paramref name="count"/> calls are held.</summary>
    public Task WaitForHeldAsync(int count, CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            if (_held >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Lets every held call (and every later one) proceed, and stops holding.</summary>
    public void Release()
    {
        _released.TrySetResult();
        _onDispose(this);
    }

    /// <summary>Same as <see cref="Release"/>.</summary>
    public void Dispose() => Release();

    internal bool Matches(string path) =>
        !_released.Task.IsCompleted && (PathContains is null || path.Contains(PathContains, StringComparison.OrdinalIgnoreCase));

    internal async Task HoldAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            _held++;
            foreach (var waiter in _waiters.Where(w => _held >= w.Count).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        try
        {
            await _released.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }
    }
}
