namespace MarketoExport.Durable.Tests;

/// <summary>
/// Activities that hold until the test releases them, recording how many ran at the same time. The test
/// releases them one by one, each time after the expected number has started, so the count is exact.
/// </summary>
internal sealed class ConcurrencyProbe : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _release = new(0);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;

    public int Started { get; private set; }

    public int MaxInFlight { get; private set; }

    public async Task<int> RunAsync(int input)
    {
        lock (_gate)
        {
            Started++;
            _inFlight++;
            MaxInFlight = Math.Max(MaxInFlight, _inFlight);
            _changed.TrySetResult();
        }

        await _release.WaitAsync();
        lock (_gate)
        {
            _inFlight--;
        }

        return input * 2;
    }

    public void ReleaseOne() => _release.Release();

    public void Dispose() => _release.Dispose();

    public async Task WaitForStartedAsync(int count)
    {
        using var timeout = new CancellationTokenSource(DurableTestHost.Timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (Started >= count)
                {
                    return;
                }

                if (_changed.Task.IsCompleted)
                {
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(timeout.Token);
        }
    }
}
