using MarketoExport.Orchestrations.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketoExport.Runtime.Embedded;

/// <summary>Starts the engine with the host and stops it (releasing the database) when the host stops.</summary>
internal sealed class EmbeddedEngineHostedService(
    IOptions<EmbeddedEngineOptions> options,
    DurableTaskRegistry registry,
    IServiceProvider services,
    TimeProvider time,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private EmbeddedEngine? _engine;

    public EmbeddedEngine Engine => _engine ?? throw new InvalidOperationException(
        $"The embedded durable engine has not started yet. Resolve {nameof(IOrchestrationClient)} after the host has started (IHost.StartAsync).");

    public async Task StartAsync(CancellationToken cancellationToken)
        => _engine = await EmbeddedEngine.StartAsync(options.Value, registry, services, time, loggers, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_engine is not null)
        {
            await _engine.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }
    }
}
