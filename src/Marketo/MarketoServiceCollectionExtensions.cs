using Microsoft.Extensions.DependencyInjection;

namespace MarketoExport.Marketo;

/// <summary>Registers the Marketo client.</summary>
public static class MarketoServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IMarketoClient"/> (typed HTTP client), its options bound from the <c>Marketo</c> section
    /// and validated at start-up, the singleton token provider and call governor, and a <see cref="TimeProvider"/>
    /// (the system one unless already registered).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional extra configuration applied after binding.</param>
    /// <returns>The builder of the typed client, to add handlers (for tests: a primary handler).</returns>
    public static IHttpClientBuilder AddMarketoClient(this IServiceCollection services, Action<MarketoClientOptions>? configure = null)
    {
        throw new NotImplementedException();
    }
}
