using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace MarketoExport.Marketo.Tests.Support;

/// <summary>A fake clock that reports every timer armed at creation, so a test can wait for a backoff to be scheduled before advancing.</summary>
internal sealed class ObservableFakeTimeProvider() : FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero))
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public ChannelReader<TimeSpan> Timers => _timers.Reader;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _timers.Writer.TryWrite(dueTime);
        }

        return timer;
    }
}
