using MarketoExport.Orchestrations.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MarketoExport.Runtime.Embedded;

/// <summary>Registers the embedded durable engine in a host.</summary>
public static class EmbeddedEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine as a hosted service (started and stopped with the host) and as
    /// <see cref="IOrchestrationClient"/> and <see cref="EmbeddedEngine"/> (resolvable once the host has started).
    /// </summary>
    public static IServiceCollection AddEmbeddedDurableEngine(
        this IServiceCollection services, Action<EmbeddedEngineOptions> configureOptions, Action<DurableTaskRegistry> configureRegistry)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureOptions);
        ArgumentNullException.ThrowIfNull(configureRegistry);
        services.AddOptions<EmbeddedEngineOptions>().Configure(configureOptions).ValidateDataAnnotations().ValidateOnStart();
        var registry = new DurableTaskRegistry();
        configureRegistry(registry);
        services.AddSingleton(registry);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EmbeddedEngineHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedEngineHostedService>());
        services.AddSingleton(sp => sp.GetRequiredService<EmbeddedEngineHostedService>().Engine);
        services.AddSingleton<IOrchestrationClient>(sp => sp.GetRequiredService<EmbeddedEngine>());
        return services;
    }
}
