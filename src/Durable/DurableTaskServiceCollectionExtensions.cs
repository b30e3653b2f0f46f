using DurableTask.AzureStorage;
using DurableTask.Core;
using MarketoExport.Durable.AzureStorage;
using MarketoExport.Durable.Sqlite;
using MarketoExport.Durable.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
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
    /// Registers DurableTask.AzureStorage's provider configured by <see cref="AzureStorageBackend"/> (options checked at
    /// start; <see cref="AzureStorageBackendOptions.WorkerId"/> is required here), a <see cref="LocalDurableWorker"/>
    /// (also an <see cref="Microsoft.Extensions.Hosting.IHostedService"/>), a <see cref="DurableTaskClient"/> over
    /// <see cref="AzureStorageOrchestrationClient"/> and <see cref="IActivityDeliveryInfo"/>. Several processes
    /// registered on one task hub share its work.
    /// </summary>
    public static IServiceCollection AddAzureStorageDurableTask(
        this IServiceCollection services,
        Action<AzureStorageBackendOptions> configureBackend,
        Action<DurableTaskRegistry> configureRegistry,
        Action<LocalDurableWorkerOptions>? configureWorker = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureBackend);
        services.AddOptions<AzureStorageBackendOptions>().Configure(configureBackend).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AzureStorageBackendOptions>, AzureStorageBackendOptionsValidator>();
        services.AddSingleton(sp => AzureStorageBackend.CreateService(
            sp.GetRequiredService<IOptions<AzureStorageBackendOptions>>().Value, sp.GetService<ILoggerFactory>()));
        return services.AddDurableTaskCore(sp => sp.GetRequiredService<AzureStorageOrchestrationService>(), configureRegistry, configureWorker);
    }

    /// <summary>
    /// Registers the backend that configuration selects (<see cref="DurableBackendOptions.FromConfiguration"/>:
    /// <c>Durable:Backend</c> = <c>Sqlite</c>, the default, or <c>AzureStorage</c> with <c>Durable:AzureStorage:*</c>,
    /// where <c>WorkerId</c> is required), with the worker and client of <see cref="AddDurableTaskCore"/>.
    /// </summary>
    /// <exception cref="DurableConfigurationException">A bad <c>Durable:*</c> value; the message names the key.</exception>
    public static IServiceCollection AddDurableTask(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<SqliteOrchestrationServiceOptions> configureSqlite,
        Action<DurableTaskRegistry> configureRegistry,
        Action<LocalDurableWorkerOptions>? configureWorker = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        DurableBackendOptions backend = DurableBackendOptions.FromConfiguration(configuration, requireWorkerId: true);
        services.AddSingleton(backend);
        return backend.Backend == DurableBackend.AzureStorage
            ? services.AddAzureStorageDurableTask(o => CopyInto(backend.AzureStorage, o), configureRegistry, configureWorker)
            : services.AddLocalDurableTask(configureSqlite, configureRegistry, configureWorker);
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
        services.AddSingleton(sp => LocalDurableWorker.ClientOf(sp.GetRequiredService<IOrchestrationService>(), timeProvider?.Invoke(sp) ?? TimeProvider.System));
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

    private static void CopyInto(AzureStorageBackendOptions from, AzureStorageBackendOptions to)
    {
        foreach (System.Reflection.PropertyInfo property in typeof(AzureStorageBackendOptions).GetProperties().Where(p => p.CanWrite))
        {
            property.SetValue(to, property.GetValue(from));
        }
    }

    /// <summary>All of <see cref="AzureStorageBackendOptions.Validate"/>'s problems as one options failure, at start.</summary>
    private sealed class AzureStorageBackendOptionsValidator : IValidateOptions<AzureStorageBackendOptions>
    {
        public ValidateOptionsResult Validate(string? name, AzureStorageBackendOptions options)
            => options.Validate(requireWorkerId: true) is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
