using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace MarketoExport.FunctionApp.Triggers;

/// <summary>The nightly run: starts a run on the <c>Export:Schedule</c> cron unless one is still active.</summary>
public sealed class ScheduledExportFunction(ExportRuns runs, ILogger<ScheduledExportFunction> logger)
{
    /// <summary>Timer trigger; an overlapping tick is skipped and logged (runs are singletons).</summary>
    [Function(nameof(ScheduledExport))]
    public async Task ScheduledExport(
        [TimerTrigger("%Export:Schedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (await ExportRuns.FindActiveRunAsync(client, cancellationToken) is { } active)
        {
            Log.ScheduledRunSkipped(logger, active.InstanceId, active.RuntimeStatus.ToString());
            return;
        }

        string instanceId = await runs.StartAsync(client, runs.CreateRequest(body: null), cancellationToken);
        Log.ScheduledRunStarted(logger, instanceId, timer.IsPastDue);
    }
}
