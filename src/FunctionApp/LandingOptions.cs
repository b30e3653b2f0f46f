using System.ComponentModel.DataAnnotations;

namespace MarketoExport.FunctionApp;

/// <summary>
/// Where the blob sink lands files, bound from the <c>Landing</c> section: on Azure the landing account's blob
/// endpoint and the user-assigned identity (written by infra/bicep); locally an Azurite connection string.
/// </summary>
public sealed class LandingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Landing";

    /// <summary>Blob service endpoint, e.g. https://stexampleld.blob.core.windows.net/ (used when no connection string is set).</summary>
    [Url(ErrorMessage = "Landing:BlobServiceUri must be an absolute URL such as https://<account>.blob.core.windows.net/.")]
    public string? BlobServiceUri { get; set; }

    /// <summary>A storage connection string instead of the endpoint and identity (Azurite: UseDevelopmentStorage=true).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The landing container.</summary>
    [Required(ErrorMessage = "Landing:ContainerName is missing. Set Landing__ContainerName to the landing container (e.g. marketo-landing).")]
    public string ContainerName { get; set; } = string.Empty;

    /// <summary>Client id of the user-assigned managed identity to write with; empty for DefaultAzureCredential.</summary>
    public string? ClientId { get; set; }
}
