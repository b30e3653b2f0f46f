namespace MarketoExport.Orchestrations.Abstractions;

/// <summary>
/// A declarative retry policy for an activity or sub-orchestration (Durable Task's <c>RetryPolicy</c>).
/// Waits between attempts are durable timers, so they cost nothing and survive restarts.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Creates a policy.</summary>
    /// <param name="maxNumberOfAttempts">Attempts in all, the first included; at least 1.</param>
    /// <param name="firstRetryInterval">The wait before the second attempt; positive.</param>
    /// <param name="backoffCoefficient">Multiplier applied to the wait after each attempt; at least 1.</param>
    /// <param name="maxRetryInterval">Cap on one wait; default one hour.</param>
    /// <param name="retryTimeout">Cap on the time spent retrying, measured from the first attempt; default none.</param>
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout;
    }

    /// <summary>Attempts in all, the first included.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>The wait before the second attempt.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>Multiplier applied to the wait after each attempt.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>Cap on one wait.</summary>
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>Cap on the total time spent retrying; null for none.</summary>
    public TimeSpan? RetryTimeout { get; }

    /// <summary>
    /// Decides whether a failure is retried. Only the failure details cross the activity boundary on Durable
    /// Functions, so decide on <see cref="TaskFailureDetails.IsCausedBy{T}"/>. Null retries every failure.
    /// </summary>
    public Func<TaskFailureDetails, bool>? HandleFailure { get; init; }

    /// <summary>The wait before attempt number <paramref name="nextAttempt"/> (2 for the first retry).</summary>
    public TimeSpan DelayBefore(int nextAttempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nextAttempt, 2);
        double ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, nextAttempt - 2);
        return ticks >= MaxRetryInterval.Ticks ? MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }
}
