using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MarketoExport.Marketo.Tests.Support;

/// <summary>A service provider with the Marketo client wired to a given primary handler (stub or real sockets).</summary>
internal sealed class MarketoTestHost : IDisposable
{
    public const string Secret = "s3cr3t-value-never-logged";

    private readonly ServiceProvider _provider;

    public MarketoTestHost(HttpMessageHandler? handler, Action<MarketoClientOptions>? configure = null, TimeProvider? time = null, string baseUrl = "https://123-ABC-456.mktorest.com")
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        var builder = services.AddMarketoClient(o =>
        {
            o.BaseUrl = baseUrl;
            o.ClientId = "client-id";
            o.ClientSecret = Secret;
            o.RetryBaseDelay = TimeSpan.Zero;
            o.RetryMaxDelay = TimeSpan.Zero;
            o.MaxRetryAttempts = 3;
            configure?.Invoke(o);
        });
        if (handler is not null)
        {
            builder.ConfigurePrimaryHttpMessageHandler(() => handler);
            builder.SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        }

        _provider = services.BuildServiceProvider();
    }

    public CapturingLoggerProvider Logs { get; } = new();

    public IMarketoClient Client => _provider.GetRequiredService<IMarketoClient>();

    public IServiceProvider Services => _provider;

    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _provider.Dispose();
}
