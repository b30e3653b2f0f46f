using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Management.Plan;

/// <summary>
/// What a host is configured to export (from the CLI options or the Function App's settings): the objects with their
/// per-object settings, the run settings and the default bounds. <see cref="ExportRunPlanner"/> turns this plus a
/// caller's overrides into the run's input.
/// </summary>
public sealed record ExportPlanDefaults
{
    /// <summary>The configured objects, in order; fields, program ids and activity type ids as configured (null: defaults).</summary>
    public required IReadOnlyList<ExportObject> Objects { get; init; }

    /// <summary>Run settings.</summary>
    public ExportSettings Settings { get; init; } = new();

    /// <summary>Where a first run starts when no checkpoint exists (null: <see cref="ExportSettings.DefaultLookback"/> ago).</summary>
    public DateTime? Since { get; init; }

    /// <summary>The newest time to export (null: now minus <see cref="ExportSettings.SafetyLag"/>).</summary>
    public DateTime? Until { get; init; }

    /// <summary>
    /// Marketo's daily API call quota (50,000 by default). A plan whose estimated calls exceed it is refused unless
    /// the caller allows a large backfill.
    /// </summary>
    public long DailyCallQuota { get; init; } = 50_000;

    /// <summary>
    /// Accept every plan over <see cref="DailyCallQuota"/> (<c>Export:AllowLargeBackfill</c>): a host configured for a
    /// deliberate multi-day backfill. A caller can also allow one plan (<see cref="ExportPlanRequest.AllowLargeBackfill"/>).
    /// </summary>
    public bool AllowLargeBackfill { get; init; }

    /// <summary>How this host's configuration names the plan's inputs (in messages about configured values).</summary>
    public PlanFieldNames Names { get; init; } = PlanFieldNames.Cli;
}
