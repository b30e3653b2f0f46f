namespace MarketoExport.Reliability.Tests;

/// <summary>
/// Drives the simulator's export jobs: the crash tests start the simulator with a one-day tick, so a job moves only
/// when this clock runs (or <see cref="Step"/> is called) and a phase such as "Queued" can be held as long as needed.
/// </summary>
internal sealed class JobClock(Marketo.Simulator.SimulatorControl control) : IAsyncDisposable
{
    private CancellationTokenSource? _running;
    private Task? _loop;

    /// <summary>One tick now: Queued → Processing → Completed.</summary>
    public void Step() => control.Tick();

    /// <summary>Ticks every <paramref name="period"/> until stopped (a clock, not a synchronisation wait).</summary>
    public void Start(TimeSpan? period = null)
    {
        if (_running is not null)
        {
            return;
        }

        _running = new CancellationTokenSource();
        CancellationToken token = _running.Token;
        var timer = new PeriodicTimer(period ?? TimeSpan.FromMilliseconds(25));
        _loop = Task.Run(async () =>
        {
            using (timer)
            {
                try
                {
                    while (await timer.WaitForNextTickAsync(token))
                    {
                        control.Tick();
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }
        }, CancellationToken.None);
    }

    public async Task StopAsync()
    {
        if (_running is null)
        {
            return;
        }

        await _running.CancelAsync();
        await _loop!;
        _running.Dispose();
        _running = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
