using Microsoft.DurableTask.Client;

namespace MarketoExport.Management.Runs;

/// <summary>Told when a run is started (or restarted or rewound) through the management API, e.g. to follow it for telemetry.</summary>
public interface IExportRunObserver
{
    /// <summary>A run was started; <paramref name="trigger"/> says who asked ("http", "schedule", "cli", "restart", "rewind").</summary>
    void OnStarted(DurableTaskClient client, string instanceId, string trigger);
}
