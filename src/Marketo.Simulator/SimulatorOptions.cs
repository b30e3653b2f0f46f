namespace MarketoExport.Marketo.Simulator;

/// <summary>
/// Everything the simulator can be configured with. Every standalone command-line flag maps to one property
/// (see <c>README.md</c> next to this file). Defaults mirror Marketo's documented limits.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>Client id accepted by <c>/identity/oauth/token</c>. <value>Default <c>sim-client-id</c>.</value></summary>
    public string ClientId { get; set; } = "sim-client-id";

    /// <summary>Client secret accepted by <c>/identity/oauth/token</c>. <value>Default <c>sim-client-secret</c>.</value></summary>
    public string ClientSecret { get; set; } = "sim-client-secret";

    /// <summary>The API user reported as token <c>scope</c> and in usage stats. <value>Default <c>sim-api-user@example.com</c>.</value></summary>
    public string ApiUserEmail { get; set; } = "sim-api-user@example.com";

    /// <summary>Token lifetime. <value>Default 3,600 s, like Marketo.</value></summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(3600);

    /// <summary>Accept the legacy <c>access_token</c> query parameter as well as the Bearer header. <value>Default false.</value></summary>
    public bool AcceptLegacyQueryToken { get; set; }

    /// <summary>How often export jobs advance (seconds on <see cref="TimeProvider"/>; fractions allowed). <value>Default 60.</value></summary>
    public double JobTickSeconds { get; set; } = 60;

    /// <summary>Ticks a job spends in Processing before it completes (minimum 1). <value>Default 1.</value></summary>
    public int JobProcessingTicks { get; set; } = 1;

    /// <summary>
    /// When above zero, a job spends one extra tick in Processing per this many records, so that benchmarks get
    /// long jobs on a compressed clock. <value>Default 0 (off).</value>
    /// </summary>
    public long RecordsPerExtraTick { get; set; }

    /// <summary>Daily bulk-export allocation in MB (1 MB = 1,048,576 bytes). <value>Default 500.</value></summary>
    public int ExportQuotaMb { get; set; } = 500;

    /// <summary>Seed of the synthetic data set and of probabilistic faults. <value>Default 42.</value></summary>
    public int Seed { get; set; } = 42;

    /// <summary>Number of synthetic leads. <value>Default 1,000.</value></summary>
    public int Leads { get; set; } = 1_000;

    /// <summary>Number of synthetic activities (all types together). <value>Default 5,000.</value></summary>
    public long Activities { get; set; } = 5_000;

    /// <summary>Number of synthetic program members. <value>Default 500.</value></summary>
    public long ProgramMembers { get; set; } = 500;

    /// <summary>Number of synthetic records of the lead-linked custom object <c>car_c</c>. <value>Default 500.</value></summary>
    public long CustomObjectRecords { get; set; } = 500;

    /// <summary>
    /// Further synthetic lead-linked custom objects besides <c>car_c</c>: <c>car2_c</c>, <c>car3_c</c>, … with the same
    /// fields and the same rows, so a run can export many custom objects (0 to 6: Marketo allows 10 custom object
    /// types, and the exporter's checkpoint object needs one). <value>Default 0.</value>
    /// </summary>
    public int ExtraSyntheticCustomObjects { get; set; }

    /// <summary>Start of the span the synthetic records' timestamps fall in (inclusive). <value>Default 2026-01-01T00:00:00Z.</value></summary>
    public DateTimeOffset DataStart { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>End of the span the synthetic records' timestamps fall in (inclusive). <value>Default 2026-07-01T00:00:00Z.</value></summary>
    public DateTimeOffset DataEnd { get; set; } = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Calls allowed per <see cref="RateLimitWindow"/> (606 beyond). <value>Default 100.</value></summary>
    public int RateLimitCalls { get; set; } = 100;

    /// <summary>Sliding window of the rate limit. <value>Default 20 s.</value></summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Calls allowed in flight at once (615 beyond). <value>Default 10.</value></summary>
    public int MaxConcurrentCalls { get; set; } = 10;

    /// <summary>Calls allowed per day, reset at midnight in <see cref="QuotaTimeZoneId"/> (607 beyond). <value>Default 50,000.</value></summary>
    public int DailyCallQuota { get; set; } = 50_000;

    /// <summary>
    /// Time zone whose midnight resets the daily call quota and the export quota. Marketo says "12:00 AM CST" and
    /// "midnight Central Time"; the simulator follows America/Chicago including daylight saving time.
    /// <value>Default <c>America/Chicago</c>.</value>
    /// </summary>
    public string QuotaTimeZoneId { get; set; } = "America/Chicago";

    /// <summary>Export queue capacity, Queued + Processing (1029 beyond). <value>Default 10.</value></summary>
    public int ExportQueueCapacity { get; set; } = 10;

    /// <summary>Jobs processing at once. <value>Default 2.</value></summary>
    public int ExportMaxProcessing { get; set; } = 2;

    /// <summary>How long a completed job's file can be downloaded. <value>Default 7 days.</value></summary>
    public TimeSpan FileRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a finished job's status stays readable. <value>Default 30 days.</value></summary>
    public TimeSpan StatusRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Whether the subscription supports the <c>updatedAt</c> bulk filter (1035 when false). <value>Default true.</value></summary>
    public bool UpdatedAtFilterSupported { get; set; } = true;

    /// <summary>Whether the subscription supports <c>smartListId</c>/<c>smartListName</c> bulk filters (1035 when false). <value>Default true.</value></summary>
    public bool SmartListFilterSupported { get; set; } = true;

    /// <summary>Whether the custom-object schema (metadata) API is enabled (616 when false). <value>Default true.</value></summary>
    public bool CustomObjectSchemaApiEnabled { get; set; } = true;

    /// <summary>What a bulk export of a custom object without a lead link does. <value>Default <see cref="StandaloneCustomObjectExportMode.Reject"/>.</value></summary>
    public StandaloneCustomObjectExportMode StandaloneCustomObjectExport { get; set; } = StandaloneCustomObjectExportMode.Reject;

    /// <summary>
    /// The permissions of the API user's role; calls into an area without its permission answer 603 "Access denied".
    /// <value>Default <see cref="SimulatorApiPermissions.All"/>.</value>
    /// </summary>
    public SimulatorApiPermissions ApiUserPermissions { get; set; } = SimulatorApiPermissions.All;

    /// <summary>
    /// The code a bulk export create answers for a field name the entity does not have. Adobe documents none:
    /// <c>1003</c> (the simulator's code for every create validation failure, message <c>Invalid field '…'</c>) or
    /// <c>1006</c> (the documented "Field '%s' not found" record-level code). <value>Default <c>1003</c>.</value>
    /// </summary>
    public string UnknownFieldErrorCode { get; set; } = "1003";

    /// <summary>Activity types served by <c>activities/types.json</c> and used by the synthetic activities. <value>Default: a small table of common Marketo types.</value></summary>
    public IList<SimulatorActivityType> ActivityTypes { get; } = SimulatorActivityType.CreateDefaults();

    /// <summary>The clock: token expiry, rate windows, job ticks, quota resets. <value>Default <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Listen address. <value>Default <c>http://127.0.0.1:0</c> (a free loopback port).</value></summary>
    public string? Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>Write ASP.NET Core request logs to the console. <value>Default false.</value></summary>
    public bool VerboseLogging { get; set; }
}
