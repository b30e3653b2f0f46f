using DurableTask.AzureStorage;
using DurableTask.Core;
using MarketoExport.Activities;
using MarketoExport.Durable;
using MarketoExport.Durable.AzureStorage;
using MarketoExport.Durable.Sqlite;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketoExport.Cli;

/// <summary>
/// The Durable Task engine of a local command: DurableTask.Core's worker (<see cref="LocalDurableWorker"/>) running the
/// export orchestrators and activities, and a <see cref="DurableTaskClient"/> over it, on the backend that
/// <c>Durable:Backend</c> selects:
/// <list type="bullet">
/// <item><b>Sqlite</b> (default): this project's provider on the state file (<c>--state</c>); one process owns it.</item>
/// <item><b>AzureStorage</b>: DurableTask.AzureStorage on a task hub that several processes share; this process joins
/// it as a worker whose id is stable across restarts (configured, or the machine name plus the state folder, held by
/// a lock file in that folder).</item>
/// </list>
/// </summary>
public sealed class ExportEngine : IAsyncDisposable
{
    private readonly IAsyncDisposable? _store;
    private readonly IDisposable? _owned;

    private ExportEngine(LocalDurableWorker worker, DurableTaskClient client, string description, IAsyncDisposable? store, IDisposable? owned)
    {
        Worker = worker;
        Client = client;
        Description = description;
        _store = store;
        _owned = owned;
    }

    /// <summary>The client: start, query, wait, terminate, restart, rewind (SQLite only), purge.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>The worker dispatching orchestrations and activities.</summary>
    public LocalDurableWorker Worker { get; }

    /// <summary>Where the state lives, for messages (never a secret).</summary>
    public string Description { get; }

    /// <summary>Starts the engine on the SQLite state file (the default backend).</summary>
    /// <exception cref="DatabaseLockedException">Another process owns the state file.</exception>
    public static Task<ExportEngine> StartAsync(
        string statePath, IServiceProvider services, Func<string, ITaskActivity, ITaskActivity>? decorateActivity = null, CancellationToken cancellationToken = default)
        => StartAsync(statePath, new DurableBackendOptions(), services, decorateActivity, cancellationToken);

    /// <summary>Opens the backend and starts dispatching.</summary>
    /// <param name="statePath">The SQLite state file; with Azure Storage, its folder holds the worker-id lock (and derives the default worker id).</param>
    /// <param name="backend">The backend and its settings.</param>
    /// <param name="services">Activities are built from it (a scope per invocation).</param>
    /// <param name="decorateActivity">Wraps each activity (name, activity), e.g. with tracing; null for none.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="DatabaseLockedException">Another process owns the state file (SQLite).</exception>
    /// <exception cref="WorkerIdInUseException">Another process on this machine uses the same worker id (Azure Storage).</exception>
    /// <exception cref="TaskHubUnavailableException">The task hub could not be reached or created (Azure Storage).</exception>
    public static async Task<ExportEngine> StartAsync(
        string statePath,
        DurableBackendOptions backend,
        IServiceProvider services,
        Func<string, ITaskActivity, ITaskActivity>? decorateActivity = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(services);
        ILoggerFactory loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        TimeProvider time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        string stateDirectory = Path.GetDirectoryName(Path.GetFullPath(statePath))!;
        Directory.CreateDirectory(stateDirectory);
        // Ctrl+C should stop within seconds: running activities get 2 s to finish, then their stopping token is
        // cancelled (every activity resumes or adopts its work when it runs again, e.g. a download from its partial).
        var workerOptions = new LocalDurableWorkerOptions { StopGracePeriod = TimeSpan.FromSeconds(2) };

        // A run only fans out object exports that resume from their checkpoints: rewound from its first failure, it
        // re-runs the failed objects and starts again the ones it began after that failure (nothing is exported twice).
        workerOptions.RewindModes[nameof(ExportRunOrchestrator)] = RewindMode.FromFirstFailure;
        DurableTaskRegistry registry = new DurableTaskRegistry().AddExportTasks(decorateActivity);

        if (backend.Backend == DurableBackend.AzureStorage)
        {
            return await StartAzureStorageAsync(backend.AzureStorage, stateDirectory, services, registry, workerOptions, loggerFactory, cancellationToken);
        }

        var store = new SqliteOrchestrationService(
            new SqliteOrchestrationServiceOptions { DatabasePath = statePath, TimeProvider = time, TaskHubName = "marketo-export" }, loggerFactory);
        try
        {
            var worker = new LocalDurableWorker(store, services, registry, workerOptions, loggerFactory, time);
            await worker.StartAsync(cancellationToken);
            return new ExportEngine(worker, worker.CreateClient(), $"state file {Path.GetFullPath(statePath)}", store, null);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Worker.DisposeAsync();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _owned?.Dispose();
    }

    private static async Task<ExportEngine> StartAzureStorageAsync(
        AzureStorageBackendOptions configured,
        string stateDirectory,
        IServiceProvider services,
        DurableTaskRegistry registry,
        LocalDurableWorkerOptions workerOptions,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        // The worker id must survive a restart (a restarted worker takes its partitions back at once instead of
        // waiting for their leases to expire) and differ between live workers (two workers with one id would both
        // process the same partitions). The state folder gives both: one folder per process, kept across restarts,
        // with a lock file so that no second process can use the folder, and its id, at the same time.
        string workerId = configured.WorkerId ?? AzureStorageBackendOptions.DefaultWorkerId(stateDirectory);
        WorkerIdLock workerLock = WorkerIdLock.Acquire(stateDirectory, workerId);
        AzureStorageOrchestrationService? service = null;
        try
        {
            AzureStorageBackendOptions options = configured.Copy();
            options.WorkerId = workerId;
            service = AzureStorageBackend.CreateService(options, loggerFactory);
            var worker = new LocalDurableWorker(service, services, registry, workerOptions, loggerFactory, TimeProvider.System);
            try
            {
                await worker.StartAsync(cancellationToken);
            }
            catch (Exception ex)
            {
                await worker.DisposeAsync();
                if (TaskHubUnavailableException.IsStorageFailure(ex))
                {
                    throw new TaskHubUnavailableException(options.TaskHub!, ex);
                }

                throw;
            }

            return new ExportEngine(worker, worker.CreateClient(), $"Azure Storage task hub {options.TaskHub} as worker {workerId}", null, new Owned(service, workerLock));
        }
        catch
        {
            service?.Dispose();
            workerLock.Dispose();
            throw;
        }
    }

    /// <summary>Disposes the provider, then releases the worker-id lock.</summary>
    private sealed class Owned(IOrchestrationService service, WorkerIdLock workerLock) : IDisposable
    {
        public void Dispose()
        {
            (service as IDisposable)?.Dispose();
            workerLock.Dispose();
        }
    }
}
