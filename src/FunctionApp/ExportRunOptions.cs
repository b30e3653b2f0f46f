using System.ComponentModel.DataAnnotations;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.FunctionApp;

/// <summary>
/// The Function App's <c>Export</c> section beyond what to export (which <see cref="Management.Plan.ExportConfiguration"/>
/// reads, the same keys as the CLI): the schedule and the run settings.
/// </summary>
public sealed class ExportRunOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Export";

    /// <summary>The timer trigger's NCRONTAB schedule (6 fields, with seconds; UTC), e.g. <c>0 0 2 * * *</c>.</summary>
    [Required(ErrorMessage = "Export:Schedule is missing. Set Export__Schedule to a 6-field NCRONTAB expression, e.g. '0 0 2 * * *' for 02:00 UTC daily.")]
    public string Schedule { get; set; } = "0 0 2 * * *";

    /// <summary>Run settings (Marketo-paced defaults; <c>Export:Settings:*</c>, read by <see cref="Management.Plan.ExportConfiguration.ReadSettings"/>).</summary>
    public ExportSettings Settings { get; set; } = new();
}
