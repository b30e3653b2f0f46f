using System.Diagnostics;

namespace MarketoExport.Bench.Export;

/// <summary>
/// A compressed real clock: simulated time runs <see cref="Factor"/> times faster than the wall clock, for the
/// engine, the simulator, the Marketo client and the baseline pollers alike (they all share one instance), so
/// Marketo-paced settings (60 s first poll, 5 min cap) run unchanged in a fraction of the time.
/// </summary>
internal sealed class ScaledTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _origin;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();

    public ScaledTimeProvider(double factor, DateTimeOffset origin)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1.0);
        Factor = factor;
        _origin = origin;
    }

    public double Factor { get; }

    public override DateTimeOffset GetUtcNow()
        => _origin + TimeSpan.FromTicks((long)(Stopwatch.GetElapsedTime(_startTimestamp).Ticks * Factor));

    public override long GetTimestamp() => (long)(Stopwatch.GetTimestamp() * Factor);

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ScaledTimer(this);
        timer.Inner = System.CreateTimer(callback, state, ToReal(dueTime), ToReal(period));
        return timer;
    }

    /// <summary>Simulated span to wall-clock span (infinite stays infinite).</summary>
    public TimeSpan ToReal(TimeSpan simulated)
        => simulated == Timeout.InfiniteTimeSpan || simulated <= TimeSpan.Zero ? simulated : TimeSpan.FromTicks(Math.Max(1, (long)(simulated.Ticks / Factor)));

    private sealed class ScaledTimer(ScaledTimeProvider owner) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public bool Change(TimeSpan dueTime, TimeSpan period) => Inner.Change(owner.ToReal(dueTime), owner.ToReal(period));

        public void Dispose() => Inner.Dispose();

        public ValueTask DisposeAsync() => Inner.DisposeAsync();
    }
}
