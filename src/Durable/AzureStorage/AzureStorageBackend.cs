using Azure.Identity;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketoExport.Durable.AzureStorage;

/// <summary>
/// DurableTask.AzureStorage configured for this project: the provider's settings from
/// <see cref="AzureStorageBackendOptions"/>, plus the choices that are not options (table partition management,
/// dedupe that throws, no app lease). Use the service with <see cref="LocalDurableWorker"/> and the client from
/// <see cref="CreateClient"/> (or <see cref="LocalDurableWorker.CreateClient"/>, which wraps it the same way).
/// </summary>
public static class AzureStorageBackend
{
    /// <summary>The provider's settings.</summary>
    /// <param name="options">Validated options; <see cref="AzureStorageBackendOptions.WorkerId"/> must be set.</param>
    /// <param name="loggerFactory">The provider's logs (category <c>DurableTask.AzureStorage</c>: chatty at Information).</param>
    /// <exception cref="DurableConfigurationException">The options are not usable; the message names the keys.</exception>
    public static AzureStorageOrchestrationServiceSettings CreateSettings(AzureStorageBackendOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate(requireWorkerId: true) is { Count: > 0 } errors)
        {
            throw new DurableConfigurationException(string.Join(" ", errors));
        }

        return new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new StorageAccountClientProvider(
                    options.AccountName!,
                    new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = Blank(options.ManagedIdentityClientId) }))
                : new StorageAccountClientProvider(options.ConnectionString.Trim()),
            TaskHubName = options.TaskHub!,

            // Partition leases live in a table, not in blobs: a start takes its partitions in about 0.25 s instead of
            // about 5 s, and a worker restarted with the same id owns them again at once.
            UseTablePartitionManagement = true,
            UseLegacyPartitionManagement = false,
            WorkerId = options.WorkerId!,
            PartitionCount = options.PartitionCount,

            // The app lease lets one of several *apps* sharing a hub process work (blue/green); here every worker of the
            // hub is one app, and the lease would only add a blob lease loop to each start.
            UseAppLease = false,
            AppName = options.TaskHub!,

            // A crashed worker's messages come back after their visibility timeout; Core renews a running activity's
            // message every 5 s, so a short timeout costs nothing while the worker lives.
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(options.WorkItemVisibilitySeconds),
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(options.ControlQueueVisibilitySeconds),
            MaxQueuePollingInterval = TimeSpan.FromSeconds(options.MaxPollingIntervalSeconds),
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,

            // A start of an instance found in a dedupe status throws OrchestrationAlreadyExistsException instead of
            // returning as if it had started.
            ThrowExceptionOnInvalidDedupeStatus = true,
            ExtendedSessionsEnabled = false,
            LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance,
        };
    }

    /// <summary>The provider, not yet started (the worker creates the task hub and starts it).</summary>
    /// <exception cref="DurableConfigurationException">The options are not usable; the message names the keys.</exception>
    public static AzureStorageOrchestrationService CreateService(AzureStorageBackendOptions options, ILoggerFactory? loggerFactory = null)
        => new(CreateSettings(options, loggerFactory));

    /// <summary>The client side for <see cref="DurableTaskCoreClient"/>: dedupe that throws, purge guard, rewind refused with the reason.</summary>
    public static AzureStorageOrchestrationClient CreateClient(AzureStorageOrchestrationService service, TimeProvider? timeProvider = null)
        => new(service, timeProvider);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
