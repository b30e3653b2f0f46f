namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// Tunables of one export run. Part of the orchestration input, so a resumed run keeps the settings it started
/// with. Defaults are Marketo-paced; tests and the simulator demo shrink the delays.
/// </summary>
public sealed record ExportSettings
{
    /// <summary>
    /// Status poll delay: the first poll after enqueue waits this long, then poll n (from 0) waits
    /// <c>PollFirstDelay × PollBackoff^n</c>, capped at <see cref="PollMaxDelay"/>. When this object already finished a
    /// job in the run, its duration (scaled by the window's length) is the expected one and the polls start with a
    /// probe at a third of it (long expectations only), one at 0.9 × it and one at its end, before the backoff.
    /// </summary>
    public TimeSpan PollFirstDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Multiplier applied to the poll delay after each poll.</summary>
    public double PollBackoff { get; init; } = 1.5;

    /// <summary>
    /// Cap on one poll delay. A job that outlives its expected duration is found on average half this long after it
    /// completed, so 90 s keeps that delay under a minute while making a third fewer status calls than polling every
    /// minute (bench/README.md measures the trade). Marketo refreshes job status about once a minute.
    /// </summary>
    public TimeSpan PollMaxDelay { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Give up on (and cancel) a job not Completed this long after it was enqueued.</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromHours(6);

    /// <summary>The window end stays this far behind now, so records still being written are not missed.</summary>
    public TimeSpan SafetyLag { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A run exports nothing when less than this much time has passed since the high-water mark.</summary>
    public TimeSpan MinWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Window length in days (1 to 31).</summary>
    public int MaxWindowDays { get; init; } = WindowPlanner.MaxWindowDays;

    /// <summary>How far back a first run starts when no <c>since</c> was given.</summary>
    public TimeSpan DefaultLookback { get; init; } = TimeSpan.FromDays(31);

    /// <summary>Object exports in flight at once. Marketo processes 2 jobs at a time per subscription.</summary>
    public int MaxConcurrentObjects { get; init; } = 2;

    /// <summary>Jobs created for one window before it is given up (a job Failed/Cancelled, a bad checksum, a lost file).</summary>
    public int MaxJobAttempts { get; init; } = 3;

    /// <summary>First wait after 1029 "too many jobs in queue"; doubles to <see cref="QueueFullMaxDelay"/>.</summary>
    public TimeSpan QueueFullDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Cap on one wait for a full queue. Longer than the poll cap: the queue is shared with every integration of
    /// the subscription and can stay full for hours, so the waits stretch out rather than spend calls.
    /// </summary>
    public TimeSpan QueueFullMaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Waits on a full queue before giving up.</summary>
    public int QueueFullMaxWaits { get; init; } = 30;

    /// <summary>Behaviour on the daily export quota (1029) or the daily call quota (607).</summary>
    public QuotaBehavior QuotaBehavior { get; init; } = QuotaBehavior.Stop;

    /// <summary>Quota resets waited through (with <see cref="QuotaBehavior.Wait"/>) before stopping.</summary>
    public int QuotaMaxWaits { get; init; } = 2;

    /// <summary>
    /// Daily export quota in bytes (Marketo default 500 MB); 0 skips the pre-check and relies on 1029. Usage is listed
    /// once per object run (and again after a quota wait or a new quota day), then tracked by the bytes this object lands.
    /// </summary>
    public long DailyExportQuotaBytes { get; init; } = 500L * 1024 * 1024;

    /// <summary>Attempts of one Marketo call (activity) on throttling or transient errors.</summary>
    public int ApiRetryAttempts { get; init; } = 5;

    /// <summary>First wait between those attempts; doubles to <see cref="ApiRetryMaxInterval"/>.</summary>
    public TimeSpan ApiRetryFirstInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Cap on one wait between activity attempts.</summary>
    public TimeSpan ApiRetryMaxInterval { get; init; } = TimeSpan.FromMinutes(5);
}
