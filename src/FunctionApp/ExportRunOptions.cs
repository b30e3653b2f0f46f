using System.ComponentModel.DataAnnotations;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.FunctionApp;

/// <summary>
/// What a scheduled or HTTP-started run exports, bound from the <c>Export</c> section (app settings
/// <c>Export__Schedule</c>, <c>Export__Objects__0</c>, <c>Export__Settings__MaxConcurrentObjects</c>, ...).
/// </summary>
public sealed class ExportRunOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Export";

    /// <summary>
    /// Cron of the timer trigger, read by the host as <c>%Export:Schedule%</c>: five fields as for the local server
    /// (<c>0 2 * * *</c>), or six with seconds first. Evaluated in UTC on Flex Consumption.
    /// </summary>
    [Required(ErrorMessage = "Export:Schedule is missing. Set Export__Schedule to a cron expression, e.g. '0 2 * * *' for 02:00 UTC daily.")]
    public string Schedule { get; set; } = "0 2 * * *";

    /// <summary>Objects to export: leads, activities, programMembers or customObject:NAME.</summary>
    [MinLength(1, ErrorMessage = "Export:Objects is empty. Set Export__Objects__0=leads (and __1, __2, ... for more).")]
    public IList<string> Objects { get; } = [];

    /// <summary>Tunables passed to the run (defaults are Marketo-paced).</summary>
    public ExportSettings Settings { get; set; } = new();
}
