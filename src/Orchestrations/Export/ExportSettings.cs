namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// Tunables of one export run. Part of the orchestration input, so a resumed run keeps the settings it started
/// with. Defaults are Marketo-paced; tests and the simulator demo shrink the delays.
/// </summary>
public sealed record ExportSettings
{
    /// <summary>First status poll after enqueue. Marketo refreshes job status about once a minute.</summary>
    public TimeSpan PollFirstDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Multiplier applied to the poll delay after each poll.</summary>
    public double PollBackoff { get; init; } = 1.5;

    /// <summary>Cap on one poll delay.</summary>
    public TimeSpan PollMaxDelay { get; init; } = TimeSpan.FromMinutes(5);

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

    /// <summary>First wait after 1029 "too many jobs in queue"; doubles to <see cref="PollMaxDelay"/>.</summary>
    public TimeSpan QueueFullDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Waits on a full queue before giving up.</summary>
    public int QueueFullMaxWaits { get; init; } = 30;

    /// <summary>Behaviour on the daily export quota (1029) or the daily call quota (607).</summary>
    public QuotaBehavior QuotaBehavior { get; init; } = QuotaBehavior.Stop;

    /// <summary>Quota resets waited through (with <see cref="QuotaBehavior.Wait"/>) before stopping.</summary>
    public int QuotaMaxWaits { get; init; } = 2;

    /// <summary>Daily export quota in bytes (Marketo default 500 MB); 0 skips the pre-check and relies on 1029.</summary>
    public long DailyExportQuotaBytes { get; init; } = 500L * 1024 * 1024;

    /// <summary>Attempts of one Marketo call (activity) on throttling or transient errors.</summary>
    public int ApiRetryAttempts { get; init; } = 5;

    /// <summary>First wait between those attempts; doubles to <see cref="ApiRetryMaxInterval"/>.</summary>
    public TimeSpan ApiRetryFirstInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Cap on one wait between activity attempts.</summary>
    public TimeSpan ApiRetryMaxInterval { get; init; } = TimeSpan.FromMinutes(5);
}
