using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MarketoExport.Activities.Landing;

/// <summary>Registers the configured <see cref="ILandingSink"/>; call before or after <c>AddExportActivities</c> (this one wins).</summary>
public static class LandingServiceCollectionExtensions
{
    /// <summary>
    /// Reads and validates the <c>Landing</c> section now (a bad setting throws <see cref="LandingConfigurationException"/>
    /// at start-up, not at the first file) and registers the sink it names as the singleton <see cref="ILandingSink"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">Configuration holding the <c>Landing</c> section.</param>
    /// <param name="defaultFolder">The folder sink's folder when <c>Landing:Folder</c> is unset.</param>
    public static IServiceCollection AddLandingSink(this IServiceCollection services, IConfiguration configuration, string? defaultFolder)
        => services.AddLandingSink(LandingSinkOptions.FromConfiguration(configuration), defaultFolder);

    /// <summary>Validates <paramref name="options"/> now and registers the sink they name as the singleton <see cref="ILandingSink"/>.</summary>
    public static IServiceCollection AddLandingSink(this IServiceCollection services, LandingSinkOptions options, string? defaultFolder)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new LandingConfigurationException(string.Join(Environment.NewLine, errors));
        }

        if (options.Kind == LandingKind.Folder && options.Folder is null && defaultFolder is null)
        {
            throw new LandingConfigurationException(LandingSinkOptions.FolderMissingMessage);
        }

        services.Replace(ServiceDescriptor.Singleton<ILandingSink>(sp =>
            LandingSinkFactory.Create(options, defaultFolder, sp.GetService<TimeProvider>())));
        return services;
    }

    /// <summary>
    /// Registers a <see cref="BlobStorageSink"/> over the <see cref="BlobContainerClient"/> already in the container
    /// (the Function App builds that client from its own settings and identity).
    /// </summary>
    public static IServiceCollection AddBlobStorageLandingSink(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Replace(ServiceDescriptor.Singleton<ILandingSink>(sp =>
            new BlobStorageSink(sp.GetRequiredService<BlobContainerClient>(), sp.GetService<TimeProvider>())));
        return services;
    }
}
