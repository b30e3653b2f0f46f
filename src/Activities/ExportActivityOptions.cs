using System.ComponentModel.DataAnnotations;

namespace MarketoExport.Activities;

/// <summary>Settings the activities read from configuration (section <c>Export</c>).</summary>
public sealed class ExportActivityOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Export";

    /// <summary>The documented default API name of the checkpoint custom object.</summary>
    public const string DefaultCheckpointObject = "marketoExportCheckpoint";

    /// <summary>API name of the checkpoint custom object (letters, digits, underscore).</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_]+$", ErrorMessage = "Export:CheckpointObject may contain letters, digits and underscores only (e.g. marketoExportCheckpoint).")]
    public string CheckpointObject { get; set; } = DefaultCheckpointObject;

    /// <summary>Webhook that receives a JSON alert when Marketo is unreachable or refuses the credentials; empty for none.</summary>
    [Url(ErrorMessage = "Export:AlertWebhookUrl must be an absolute http(s) URL.")]
    public string? AlertWebhookUrl { get; set; }

    /// <summary>Times a cut download is resumed with a Range request within one execution.</summary>
    [Range(0, 100)]
    public int MaxDownloadResumes { get; set; } = 5;

    /// <summary>
    /// The longest one execution of the download activity streams before it stops with a
    /// <see cref="DownloadBudgetExceededException"/> (retried; the next execution resumes from the landed bytes).
    /// Flex Consumption gives a running execution 60 minutes when it scales an instance in, and the host's
    /// <c>functionTimeout</c> is one hour: the budget leaves room for verifying and committing within it.
    /// </summary>
    /// <value>50 minutes; 1 minute to 24 hours.</value>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ParseLimitsInInvariantCulture = true,
        ErrorMessage = "Export:MaxDownloadExecutionTime must be between 00:01:00 and 1.00:00:00 (default 00:50:00, under Flex Consumption's 60 minutes).")]
    public TimeSpan MaxDownloadExecutionTime { get; set; } = TimeSpan.FromMinutes(50);
}
