using MarketoExport.Marketo.Auth;
using MarketoExport.Marketo.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketoExport.Marketo;

/// <summary>Registers the Marketo client.</summary>
public static class MarketoServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IMarketoClient"/> (a typed HTTP client named <see cref="MarketoClient.HttpClientName"/>),
    /// its options bound from the <c>Marketo</c> section and validated at start-up (one clear message per bad key),
    /// the singleton token provider, call governor and retry pipeline, and a <see cref="TimeProvider"/> (the system
    /// one unless one is registered already). The default HTTP logging is removed: the client logs its own calls
    /// without query strings, so the client secret never reaches a log.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional configuration applied after binding.</param>
    /// <returns>The builder of the HTTP client, e.g. to set a primary handler in tests.</returns>
    public static IHttpClientBuilder AddMarketoClient(this IServiceCollection services, Action<MarketoClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Bind the "Marketo" section when the host has a configuration; hosts without one (tests) use `configure`.
        var options = services.AddOptions<MarketoClientOptions>()
            .Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(MarketoClientOptions.SectionName).Bind(o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MarketoClientOptions>, MarketoClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MarketoTokenProvider>();
        services.TryAddSingleton<MarketoCallGovernor>();
        services.TryAddSingleton<MarketoRetryPipeline>();

        return services
            .AddHttpClient(MarketoClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddTypedClient<IMarketoClient>((http, sp) => new MarketoClient(
                http,
                sp.GetRequiredService<MarketoTokenProvider>(),
                sp.GetRequiredService<MarketoCallGovernor>(),
                sp.GetRequiredService<MarketoRetryPipeline>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IOptions<MarketoClientOptions>>(),
                sp.GetService<ILogger<MarketoClient>>()));
    }
}
