using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace MarketoExport.Activities.Landing;

/// <summary>Builds the configured <see cref="ILandingSink"/> from <see cref="LandingSinkOptions"/>.</summary>
public static class LandingSinkFactory
{
    /// <summary>
    /// Validates <paramref name="options"/> (throwing <see cref="LandingConfigurationException"/> with every problem)
    /// and creates a <see cref="LocalFolderSink"/> over <c>Landing:Folder</c> or <paramref name="defaultFolder"/>, or a
    /// <see cref="BlobStorageSink"/>.
    /// </summary>
    /// <param name="options">The landing settings.</param>
    /// <param name="defaultFolder">The folder when <c>Landing:Folder</c> is unset (e.g. the host's <c>--out</c>).</param>
    /// <param name="timeProvider">Clock; the system clock when null.</param>
    /// <param name="credential">Token credential for <c>Landing:Blob:AccountUrl</c>; null for a managed identity
    /// (<c>Landing:Blob:ClientId</c>) or <c>DefaultAzureCredential</c>.</param>
    public static ILandingSink Create(LandingSinkOptions options, string? defaultFolder, TimeProvider? timeProvider = null, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfInvalid(options);
        if (options.Kind == LandingKind.Blob)
        {
            return new BlobStorageSink(CreateContainerClient(options.Blob, credential), timeProvider);
        }

        string folder = options.Folder ?? defaultFolder
            ?? throw new LandingConfigurationException(LandingSinkOptions.FolderMissingMessage);
        return new LocalFolderSink(folder, timeProvider);
    }

    /// <summary>The container client for validated blob settings: connection string, or account URL + token credential.</summary>
    public static BlobContainerClient CreateContainerClient(BlobLandingOptions blob, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ThrowIfInvalid(new LandingSinkOptions { Kind = LandingKind.Blob, Blob = blob });
        if (blob.ConnectionString is not null)
        {
            return new BlobContainerClient(blob.ConnectionString, blob.Container);
        }

        credential ??= blob.ClientId is null
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(blob.ClientId));
        return new BlobServiceClient(new Uri(blob.AccountUrl!), credential).GetBlobContainerClient(blob.Container);
    }

    private static void ThrowIfInvalid(LandingSinkOptions options)
    {
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new LandingConfigurationException(string.Join(Environment.NewLine, errors));
        }
    }
}
