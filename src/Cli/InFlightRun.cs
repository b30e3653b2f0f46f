using MarketoExport.Durable;
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
    /// <summary>The in-flight run of the state file, or null (also when the file does not exist yet).</summary>
    /// <exception cref="DatabaseLockedException">Another process holds the state file.</exception>
    public static async Task<OrchestrationMetadata?> FindAsync(string statePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statePath);
        if (!File.Exists(statePath))
        {
            return null;
        }

        await using var store = new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = statePath, TaskHubName = "marketo-export" });
        await using var client = new DurableTaskCoreClient(store);
        OrchestrationMetadata? run = await client.GetInstanceAsync(ExportRuns.RunInstanceId, getInputsAndOutputs: true, cancellationToken);
        return run is not null && ExportRunStarter.ActiveStatuses.Contains(run.RuntimeStatus) ? run : null;
    }
}
