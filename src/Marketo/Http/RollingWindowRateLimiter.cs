using System.Threading.RateLimiting;

namespace MarketoExport.Marketo.Http;

/// <summary>
/// An exact sliding-window <see cref="RateLimiter"/> on a <see cref="TimeProvider"/>: at most <c>limit</c> permits in
/// any window of length <c>window</c> (half-open), waiters served first-come first-served by a provider timer.
/// </summary>
/// <remarks>
/// The library's <see cref="SlidingWindowRateLimiter"/> reads <c>Stopwatch</c> even when replenished by hand, so a
/// fake clock cannot drive it, and its segments allow a small overshoot across a rolling window. Marketo counts
/// calls in a rolling 20 s window, so this limiter keeps the grant times and admits a caller only when the oldest
/// grant has left the window. Single permits only.
/// </remarks>
internal sealed class RollingWindowRateLimiter : RateLimiter
{
    private static readonly RateLimitLease Acquired = new Lease(true);
    private static readonly RateLimitLease Rejected = new Lease(false);

    private readonly Lock _lock = new();
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Queue<long> _grants = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly ITimer _timer;
    private long _totalGranted;
    private bool _disposed;

    public RollingWindowRateLimiter(int limit, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _limit = limit;
        _window = window;
        _time = time;
        _timer = time.CreateTimer(static s => ((RollingWindowRateLimiter)s!).Pump(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Prune();
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _limit - _grants.Count,
                CurrentQueuedCount = _waiters.Count,
                TotalSuccessfulLeases = _totalGranted,
                TotalFailedLeases = 0,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermitCount(permitCount);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Prune();
            if (_waiters.Count == 0 && _grants.Count < _limit)
            {
                if (permitCount == 1)
                {
                    Grant();
                }

                return Acquired;
            }

            return Rejected;
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermitCount(permitCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Prune();
            if (_waiters.Count == 0 && _grants.Count < _limit)
            {
                if (permitCount == 1)
                {
                    Grant();
                }

                return ValueTask.FromResult(Acquired);
            }

            var waiter = new Waiter();
            var node = _waiters.AddLast(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                waiter.Registration = cancellationToken.UnsafeRegister(
                    static (state, ct) =>
                    {
                        var (limiter, n) = ((RollingWindowRateLimiter, LinkedListNode<Waiter>))state!;
                        limiter.Cancel(n, ct);
                    },
                    (this, node));
            }

            Schedule();
            return new ValueTask<RateLimitLease>(waiter.Completion.Task);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                if (!_disposed)
                {
                    _disposed = true;
                    _timer.Dispose();
                    foreach (var waiter in _waiters)
                    {
                        waiter.Registration.Unregister();
                        waiter.Completion.TrySetResult(Rejected);
                    }

                    _waiters.Clear();
                }
            }
        }

        base.Dispose(disposing);
    }

    private static void CheckPermitCount(int permitCount)
    {
        if (permitCount is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, "This limiter hands out one permit per call.");
        }
    }

    private void Pump()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            Prune();
            while (_waiters.First is { } first && _grants.Count < _limit)
            {
                _waiters.RemoveFirst();
                first.Value.Registration.Unregister();
                if (first.Value.Completion.TrySetResult(Acquired))
                {
                    Grant();
                }
            }

            Schedule();
        }
    }

    private void Cancel(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return;
            }

            _waiters.Remove(node);
            node.Value.Completion.TrySetCanceled(cancellationToken);
        }
    }

    private void Grant()
    {
        _grants.Enqueue(_time.GetTimestamp());
        _totalGranted++;
    }

    private void Prune()
    {
        while (_grants.Count > 0 && _time.GetElapsedTime(_grants.Peek()) >= _window)
        {
            _grants.Dequeue();
        }
    }

    /// <summary>Arms the timer for the moment the oldest grant leaves the window, when someone waits.</summary>
    private void Schedule()
    {
        if (_waiters.Count == 0 || _grants.Count == 0)
        {
            return;
        }

        var due = _window - _time.GetElapsedTime(_grants.Peek());
        _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.FromTicks(1), Timeout.InfiniteTimeSpan);
    }

    private sealed class Waiter
    {
        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }
    }

    private sealed class Lease(bool isAcquired) : RateLimitLease
    {
        public override bool IsAcquired { get; } = isAcquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
