using MarketoExport.Durable;
using MarketoExport.Management.Plan;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Cli;

/// <summary>The validated options of one command-line invocation (command line over environment over config files).</summary>
public sealed record CliOptions
{
    /// <summary>The command.</summary>
    public CliCommand Command { get; init; }

    /// <summary>
    /// What to export, read from the <c>Export</c> section by the shared reader (objects with their fields, program ids
    /// and activity types, since, until); the run settings are filled in by <see cref="ExportRuntime"/>.
    /// </summary>
    public ExportPlanDefaults Plan { get; init; } = new() { Objects = [] };

    /// <summary>The configured objects, in order.</summary>
    public IReadOnlyList<ExportObject> Objects => Plan.Objects;

    /// <summary>The configured since (see <see cref="ExportPlanDefaults.Since"/>).</summary>
    public DateTime? Since => Plan.Since;

    /// <summary>The configured until (see <see cref="ExportPlanDefaults.Until"/>).</summary>
    public DateTime? Until => Plan.Until;

    /// <summary>Landing folder.</summary>
    public string Out { get; init; } = "landing";

    /// <summary>Engine database (SQLite); with the Azure Storage backend, its folder holds the logs and the worker-id lock.</summary>
    public string State { get; init; } = Path.Combine("state", "export.db");

    /// <summary>The durable backend (<c>Durable:Backend</c>) and its settings; the connection string is never printed.</summary>
    public DurableBackendOptions Durable { get; init; } = new();

    /// <summary>Checkpoint custom object API name.</summary>
    public string CheckpointObject { get; init; } = Activities.ExportActivityOptions.DefaultCheckpointObject;

    /// <summary>First status poll delay in seconds; null for the default (60, or 0.2 on the simulator).</summary>
    public double? PollSeconds { get; init; }

    /// <summary>Print the plan only.</summary>
    public bool DryRun { get; init; }

    /// <summary>Quota behaviour.</summary>
    public QuotaBehavior QuotaBehavior { get; init; } = QuotaBehavior.Stop;

    /// <summary>Alert webhook.</summary>
    public string? AlertWebhookUrl { get; init; }

    /// <summary>Accept a plan over the daily call quota (<c>--allow-large-backfill</c>, <c>Export:AllowLargeBackfill</c>).</summary>
    public bool AllowLargeBackfill => Plan.AllowLargeBackfill;

    /// <summary>Marketo's daily API call quota of this instance (<c>Export:DailyCallQuota</c>, default 50,000).</summary>
    public long DailyCallQuota => Plan.DailyCallQuota;

    /// <summary>Where traces and metrics of a run go (OTLP, console); nothing by default.</summary>
    public Server.Telemetry.TelemetryOptions Telemetry { get; init; } = new();

    /// <summary>Machine-readable output (<c>--json</c>).</summary>
    public bool Json { get; init; }

    /// <summary>How much to print (<c>--quiet</c>, <c>--verbose</c>).</summary>
    public CliVerbosity Verbosity { get; init; } = CliVerbosity.Normal;

    /// <summary><c>checkpoints set|reset</c> and <c>backfill</c>: the object named on the command line.</summary>
    public ExportObject? Target { get; init; }

    /// <summary><c>checkpoints set</c>: the new high-water mark.</summary>
    public DateTime? HighWaterMark { get; init; }

    /// <summary><c>checkpoints set|reset</c>: confirmed on the command line (<c>--yes</c>).</summary>
    public bool Yes { get; init; }

    /// <summary>Marketo base URL; null when no Marketo is configured (the simulator is used).</summary>
    public string? MarketoBaseUrl { get; init; }

    /// <summary>Marketo client id.</summary>
    public string? MarketoClientId { get; init; }

    /// <summary>Marketo client secret (never printed).</summary>
    public string? MarketoClientSecret { get; init; }

    /// <summary>True when no Marketo is configured and the in-process simulator is used.</summary>
    public bool UseSimulator => MarketoBaseUrl is null;

    /// <summary>True for the commands that run the export engine on the state file (and so take its lock).</summary>
    public bool UsesEngine => Command is CliCommand.Run or CliCommand.Backfill or CliCommand.Serve && !DryRun;

    /// <inheritdoc />
    public override string ToString() => $"{Command} objects={string.Join(',', Objects.Select(o => o.Name))} out={Out} state={State} durable={Durable}";
}
