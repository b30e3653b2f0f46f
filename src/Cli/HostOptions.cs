using MarketoExport.Management.Plan;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Cli;

/// <summary>The validated options of one command-line invocation.</summary>
public sealed record HostOptions
{
    /// <summary>The command.</summary>
    public HostCommand Command { get; init; }

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

    /// <summary>Engine database.</summary>
    public string State { get; init; } = Path.Combine("state", "export.db");

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

    /// <summary>Marketo base URL; null when no Marketo is configured (the simulator is used).</summary>
    public string? MarketoBaseUrl { get; init; }

    /// <summary>Marketo client id.</summary>
    public string? MarketoClientId { get; init; }

    /// <summary>Marketo client secret (never printed).</summary>
    public string? MarketoClientSecret { get; init; }

    /// <summary>True when no Marketo is configured and the in-process simulator is used.</summary>
    public bool UseSimulator => MarketoBaseUrl is null;

    /// <inheritdoc />
    public override string ToString() => $"{Command} objects={string.Join(',', Objects.Select(o => o.Name))} out={Out} state={State}";
}
