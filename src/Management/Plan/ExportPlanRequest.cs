namespace MarketoExport.Management.Plan;

/// <summary>A caller's overrides of the configured plan (a CLI run's flags, an HTTP start body).</summary>
/// <param name="Objects">Names of configured objects to export (null: all of them).</param>
/// <param name="Since">Start of a first run (null: the configured one).</param>
/// <param name="Until">End of the run (null: the configured one, else now minus the safety lag).</param>
public sealed record ExportPlanRequest(IReadOnlyList<string>? Objects = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null)
{
    /// <summary>Accept a plan whose call estimate exceeds the daily call quota (a deliberate multi-day backfill).</summary>
    public bool AllowLargeBackfill { get; init; }
}
