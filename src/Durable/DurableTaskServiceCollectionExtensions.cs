using DurableTask.Core;
using MarketoExport.Durable.Sqlite;
using MarketoExport.Durable.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketoExport.Durable;

/// <summary>Registers the local durable runtime: storage provider, worker (a hosted service) and <see cref="DurableTaskClient"/>.</summary>
public static class DurableTaskServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite provider (<see cref="SqliteOrchestrationService"/>, validated at start), a
    /// <see cref="LocalDurableWorker"/> running the registry's orchestrators and activities (also an
    /// <see cref="Microsoft.Extensions.Hosting.IHostedService"/>), a <see cref="DurableTaskClient"/> and
    /// <see cref="IActivityDeliveryInfo"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddLocalDurableTask(
    ///     o => o.DatabasePath = "state/durable.db",
    ///     r => r.AddOrchestrator&lt;ExportRunOrchestrator&gt;().AddActivity&lt;CreateExportJobActivity&gt;(),
    ///     w => w.RewindModes[nameof(ExportRunOrchestrator)] = RewindMode.FromFirstFailure);
    /// </code>
    /// </example>
    public static IServiceCollection AddLocalDurableTask(
        this IServiceCollection services,
        Action<SqliteOrchestrationServiceOptions> configureStore,
        Action<DurableTaskRegistry> configureRegistry,
        Action<LocalDurableWorkerOptions>? configureWorker = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureStore);
        services.AddOptions<SqliteOrchestrationServiceOptions>().Configure(configureStore).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new SqliteOrchestrationService(
            sp.GetRequiredService<IOptions<SqliteOrchestrationServiceOptions>>().Value, sp.GetService<ILoggerFactory>()));
        return services.AddDurableTaskCore(
            sp => sp.GetRequiredService<SqliteOrchestrationService>(),
            configureRegistry,
            configureWorker,
            sp => sp.GetRequiredService<IOptions<SqliteOrchestrationServiceOptions>>().Value.TimeProvider);
    }

    /// <summary>
    /// Registers a <see cref="LocalDurableWorker"/> and a <see cref="DurableTaskClient"/> over any DurableTask.Core
    /// orchestration service (for example DurableTask.AzureStorage's), which must also implement
    /// <see cref="IOrchestrationServiceClient"/>.
    /// </summary>
    public static IServiceCollection AddDurableTaskCore(
        this IServiceCollection services,
        Func<IServiceProvider, IOrchestrationService> orchestrationService,
        Action<DurableTaskRegistry> configureRegistry,
        Action<LocalDurableWorkerOptions>? configureWorker = null,
        Func<IServiceProvider, TimeProvider>? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(orchestrationService);
        ArgumentNullException.ThrowIfNull(configureRegistry);
        var registry = new DurableTaskRegistry();
        configureRegistry(registry);
        services.AddOptions<LocalDurableWorkerOptions>().Configure(o => configureWorker?.Invoke(o)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(orchestrationService);
        services.AddSingleton(sp => (IOrchestrationServiceClient)sp.GetRequiredService<IOrchestrationService>());
        services.AddSingleton<IActivityDeliveryInfo>(ActivityDeliveryInfo.Instance);
        services.AddSingleton(sp => new LocalDurableWorker(
            sp.GetRequiredService<IOrchestrationService>(),
            sp,
            registry,
            sp.GetRequiredService<IOptions<LocalDurableWorkerOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            timeProvider?.Invoke(sp)));
        services.AddHostedService(sp => sp.GetRequiredService<LocalDurableWorker>());
        services.AddSingleton<DurableTaskClient>(sp => new DurableTaskCoreClient(
            sp.GetRequiredService<IOrchestrationServiceClient>(),
            sp.GetRequiredService<IOptions<LocalDurableWorkerOptions>>().Value.RewindModeOf,
            DurableJson.Converter,
            timeProvider?.Invoke(sp) ?? TimeProvider.System));
        return services;
    }
}
