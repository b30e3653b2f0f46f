using MarketoExport.Activities;
using MarketoExport.Durable;
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
/// export orchestrators and activities on this project's SQLite provider (the state file, <c>--state</c>), and a
/// <see cref="DurableTaskClient"/> over it. One process owns a state file at a time.
/// </summary>
public sealed class ExportEngine : IAsyncDisposable
{
    private readonly SqliteOrchestrationService _store;

    private ExportEngine(SqliteOrchestrationService store, LocalDurableWorker worker)
    {
        _store = store;
        Worker = worker;
        Client = worker.CreateClient();
    }

    /// <summary>The client: start, query, wait, terminate, restart, rewind, purge.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>The worker dispatching orchestrations and activities.</summary>
    public LocalDurableWorker Worker { get; }

    /// <summary>Opens the state file (refusing one another process owns) and starts dispatching.</summary>
    /// <param name="statePath">The SQLite state file.</param>
    /// <param name="services">Activities are built from it (a scope per invocation).</param>
    /// <param name="decorateActivity">Wraps each activity (name, activity), e.g. with tracing; null for none.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="DatabaseLockedException">Another process owns the state file.</exception>
    public static async Task<ExportEngine> StartAsync(
        string statePath, IServiceProvider services, Func<string, ITaskActivity, ITaskActivity>? decorateActivity = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ILoggerFactory loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        TimeProvider time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(statePath))!);
        var store = new SqliteOrchestrationService(
            new SqliteOrchestrationServiceOptions { DatabasePath = statePath, TimeProvider = time, TaskHubName = "marketo-export" }, loggerFactory);
        try
        {
            // Ctrl+C should stop within seconds: running activities get 2 s to finish, then their stopping token is
            // cancelled (every activity resumes or adopts its work when it runs again, e.g. a download from its partial).
            var workerOptions = new LocalDurableWorkerOptions { StopGracePeriod = TimeSpan.FromSeconds(2) };

            // A run only fans out object exports that resume from their checkpoints: rewound from its first failure, it
            // re-runs the failed objects and starts again the ones it began after that failure (nothing is exported twice).
            workerOptions.RewindModes[nameof(ExportRunOrchestrator)] = RewindMode.FromFirstFailure;
            var registry = new DurableTaskRegistry().AddExportTasks(decorateActivity);
            var worker = new LocalDurableWorker(store, services, registry, workerOptions, loggerFactory, time);
            await worker.StartAsync(cancellationToken);
            return new ExportEngine(store, worker);
        }
        catch
        {
            await DisposeStoreAsync(store);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Worker.DisposeAsync();
        await DisposeStoreAsync(_store);
    }

    private static ValueTask DisposeStoreAsync(SqliteOrchestrationService store) => store.DisposeAsync();
}
