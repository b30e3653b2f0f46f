using MarketoExport.Management;
using MarketoExport.Management.Plan;
using MarketoExport.Management.Runs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace MarketoExport.FunctionApp.Triggers;

/// <summary>The nightly run: starts the export run on the <c>Export:Schedule</c> NCRONTAB unless one is still active.</summary>
public sealed class ScheduledExportFunction(ExportRunStarter starter, ILogger<ScheduledExportFunction> logger)
{
    /// <summary>Timer trigger; an overlapping tick is skipped and logged (runs are singletons).</summary>
    [Function(nameof(ScheduledExport))]
    public async Task ScheduledExport(
        [TimerTrigger("%Export:Schedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        StartRunResult result = await starter.StartAsync(client, request: null, PlanFieldNames.Settings, "schedule", cancellationToken);
        if (result.Outcome == StartRunOutcome.AlreadyRunning)
        {
            Log.ScheduledRunSkipped(logger, result.InstanceId, result.Existing?.RuntimeStatus.ToString() ?? "running");
            return;
        }

        Log.ScheduledRunStarted(logger, ExportRuns.RunInstanceId, timer.IsPastDue);
    }
}
