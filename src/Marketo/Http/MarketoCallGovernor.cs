using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace MarketoExport.Marketo.Http;

/// <summary>
/// Keeps the client under Marketo's limits: a concurrency limiter (<see cref="MarketoClientOptions.MaxConcurrentCalls"/>)
/// and a sliding-window rate limiter (<see cref="MarketoClientOptions.RateLimitCalls"/> per
/// <see cref="MarketoClientOptions.RateLimitWindow"/>) replenished by a <see cref="TimeProvider"/> timer, so tests drive
/// it with a fake clock. The window is split into 20 segments and the limiter spans one extra segment: a permit comes back
/// only after a full window has passed since it was taken, so no rolling window ever holds more than the limit.
/// Concurrency is taken first, then a rate permit, so a call is sent right after its permit.
/// </summary>
internal sealed class MarketoCallGovernor : IDisposable
{
    private const int Segments = 20;
    private readonly ConcurrencyLimiter _concurrency;
    private readonly SlidingWindowRateLimiter _rate;
    private readonly ITimer _timer;

    public MarketoCallGovernor(IOptions<MarketoClientOptions> options, TimeProvider timeProvider)
    {
        var o = options.Value;
        _concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = o.MaxConcurrentCalls,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });

        var segment = o.RateLimitWindow / Segments;
        _rate = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = o.RateLimitCalls,
            Window = segment * (Segments + 1),
            SegmentsPerWindow = Segments + 1,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = false,
        });
        _timer = timeProvider.CreateTimer(static s => ((SlidingWindowRateLimiter)s!).TryReplenish(), _rate, segment, segment);
    }

    /// <summary>Waits for a concurrency slot and a rate permit; dispose the result when the response is done.</summary>
    public async ValueTask<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        var slot = await _concurrency.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!slot.IsAcquired)
        {
            slot.Dispose();
            throw new InvalidOperationException("The Marketo concurrency limiter refused a call.");
        }

        try
        {
            using var permit = await _rate.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!permit.IsAcquired)
            {
                throw new InvalidOperationException("The Marketo rate limiter refused a call.");
            }
        }
        catch
        {
            slot.Dispose();
            throw;
        }

        return slot;
    }

    public void Dispose()
    {
        _timer.Dispose();
        _rate.Dispose();
        _concurrency.Dispose();
    }
}
