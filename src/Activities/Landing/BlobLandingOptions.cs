namespace MarketoExport.Activities.Landing;

/// <summary>The <c>Landing:Blob</c> keys: where <see cref="BlobStorageSink"/> writes and how it signs in.</summary>
public sealed record BlobLandingOptions
{
    /// <summary>A storage connection string (Azurite: <c>UseDevelopmentStorage=true</c>); excludes <see cref="AccountUrl"/>.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Blob service endpoint, e.g. <c>https://&lt;account&gt;.blob.core.windows.net/</c>, reached with a token credential.</summary>
    public string? AccountUrl { get; init; }

    /// <summary>The landing container (3-63 lowercase letters, digits and single hyphens).</summary>
    public string? Container { get; init; }

    /// <summary>Client id of a user-assigned managed identity; empty for <c>DefaultAzureCredential</c>.</summary>
    public string? ClientId { get; init; }
}
