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

    /// <summary>Times a cut download is resumed with a Range request within one attempt.</summary>
    [Range(0, 100)]
    public int MaxDownloadResumes { get; set; } = 5;
}
