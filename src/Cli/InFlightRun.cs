using MarketoExport.Durable;
using DurableTask.AzureStorage;
using MarketoExport.Durable.AzureStorage;
using MarketoExport.Durable.Sqlite;
using MarketoExport.Management;
using MarketoExport.Management.Runs;
using Microsoft.DurableTask.Client;

namespace MarketoExport.Cli;

/// <summary>
/// The export run recorded in a state file as Pending, Running or Suspended (a run or backfill that was killed, or is
/// running in another process), read without starting the engine: starting it would resume that run at once.
/// </summary>
public static class InFlightRun
{
    /// <summary>The in-flight run of the durable state (the state file, or the Azure Storage task hub), or null.</summary>
    /// <exception cref="DatabaseLockedException">Another process holds the state file.</exception>
    public static async Task<OrchestrationMetadata?> FindAsync(string statePath, DurableBackendOptions backend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statePath);
        ArgumentNullException.ThrowIfNull(backend);
        if (backend.Backend == DurableBackend.AzureStorage)
        {
            // A client only, no worker: reading the hub does not take partitions or resume anything.
            using AzureStorageOrchestrationService service = AzureStorageBackend.CreateService(backend.AzureStorage);
            AzureStorageOrchestrationClient hub = AzureStorageBackend.CreateClient(service);
            await using var remote = new DurableTaskCoreClient(hub);
            return Active(await remote.GetInstanceAsync(ExportRuns.RunInstanceId, getInputsAndOutputs: true, cancellationToken));
        }

        if (!File.Exists(statePath))
        {
            return null;
        }

        await using var store = new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = statePath, TaskHubName = "marketo-export" });
        await using var client = new DurableTaskCoreClient(store);
        return Active(await client.GetInstanceAsync(ExportRuns.RunInstanceId, getInputsAndOutputs: true, cancellationToken));
    }

    private static OrchestrationMetadata? Active(OrchestrationMetadata? run)
        => run is not null && ExportRunStarter.ActiveStatuses.Contains(run.RuntimeStatus) ? run : null;
}
