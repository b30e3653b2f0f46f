using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace MarketoExport.Marketo.Http;

/// <summary>
/// Keeps the client under Marketo's limits: a <see cref="ConcurrencyLimiter"/> (<see cref="MarketoClientOptions.MaxConcurrentCalls"/>)
/// and a sliding-window limiter (<see cref="MarketoClientOptions.RateLimitCalls"/> per
/// <see cref="MarketoClientOptions.RateLimitWindow"/>, exact over any rolling window) on the injected
/// <see cref="TimeProvider"/>, so tests drive it with a fake clock. Concurrency is taken first, then a rate permit,
/// so a call is sent right after its permit. Identity calls do not pass through here (Marketo does not count them).
/// </summary>
internal sealed class MarketoCallGovernor : IDisposable
{
    private readonly ConcurrencyLimiter _concurrency;
    private readonly RollingWindowRateLimiter _rate;

    public MarketoCallGovernor(IOptions<MarketoClientOptions> options, TimeProvider timeProvider)
    {
        var o = options.Value;
        _concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = o.MaxConcurrentCalls,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _rate = new RollingWindowRateLimiter(o.RateLimitCalls, o.RateLimitWindow, timeProvider);
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

    /// <summary>Rate permits handed out so far (updated synchronously when a queued caller is admitted).</summary>
    internal long RatePermitsGranted => _rate.GetStatistics()?.TotalSuccessfulLeases ?? 0;

    /// <summary>Callers waiting for a rate permit.</summary>
    internal long RateQueued => _rate.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>Callers waiting for a concurrency slot.</summary>
    internal long ConcurrencyQueued => _concurrency.GetStatistics()?.CurrentQueuedCount ?? 0;

    public void Dispose()
    {
        _rate.Dispose();
        _concurrency.Dispose();
    }
}
