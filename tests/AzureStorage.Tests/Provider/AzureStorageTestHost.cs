using DurableTask.AzureStorage;
using MarketoExport.Durable;
using MarketoExport.Durable.AzureStorage;
using MarketoExport.TestHelpers;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace MarketoExport.AzureStorage.Tests.Provider;

/// <summary>
/// The Azure Storage backend in-process on Azurite: a task hub of its own, a <see cref="LocalDurableWorker"/> and
/// its client. Register orchestrators and activities on <see cref="Registry"/> before <see cref="StartAsync"/>.
/// </summary>
internal sealed class AzureStorageTestHost : IAsyncDisposable
{
    /// <summary>Bound on every wait of these tests (Azurite answers in milliseconds; a turn takes tens of them).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private ServiceProvider? _services;
    private AzureStorageOrchestrationService? _service;
    private LocalDurableWorker? _worker;

    public AzureStorageTestHost(AzuriteFixture azurite, string hubPrefix)
    {
        Options = new AzureStorageBackendOptions
        {
            ConnectionString = azurite.ConnectionString,
            TaskHub = azurite.NewTaskHub(hubPrefix),
            WorkerId = "test-" + Guid.NewGuid().ToString("N")[..8],

            // Short idle polling: these tests wait on turns, not on an idle production worker.
            MaxPollingIntervalSeconds = 0.2,
        };
    }

    public AzureStorageBackendOptions Options { get; }

    public DurableTaskRegistry Registry { get; } = new();

    public LocalDurableWorkerOptions WorkerOptions { get; } = new()
    {
        StopGracePeriod = TimeSpan.FromSeconds(2),
        CancellationGracePeriod = TimeSpan.FromSeconds(1),
    };

    public AzureStorageOrchestrationService Service => _service ?? throw new InvalidOperationException("Call StartAsync first.");

    public LocalDurableWorker Worker => _worker ?? throw new InvalidOperationException("Call StartAsync first.");

    public DurableTaskCoreClient Client { get; private set; } = null!;

    public async Task StartAsync()
    {
        _services = new ServiceCollection().AddSingleton(LocalDurableWorker.DeliveryInfo).BuildServiceProvider();
        _service = AzureStorageBackend.CreateService(Options);
        _worker = new LocalDurableWorker(_service, _services, Registry, WorkerOptions);
        await _worker.StartAsync();
        Client = _worker.CreateClient();
    }

    /// <summary>A second client on the same task hub, through its own provider instance (as another process has).</summary>
    public (DurableTaskCoreClient Client, AzureStorageOrchestrationService Service) OtherClient()
    {
        AzureStorageBackendOptions other = Options.Copy();
        other.WorkerId = "client-" + Guid.NewGuid().ToString("N")[..8];
        AzureStorageOrchestrationService service = AzureStorageBackend.CreateService(other);
        return (new DurableTaskCoreClient(AzureStorageBackend.CreateClient(service), dataConverter: DurableJson.Converter), service);
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        _service?.Dispose();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}
