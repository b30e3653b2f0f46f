using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace MarketoExport.FunctionApp.Triggers;

/// <summary>The nightly run: starts the export run on the <c>Export:Schedule</c> cron unless it is still active.</summary>
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
        (Orchestrations.Export.ExportRunRequest? request, string? error) = runs.CreateRequest(body: null);
        if (request is null)
        {
            throw new InvalidOperationException($"The scheduled export cannot start: {error}");
        }

        if (await ExportRuns.StartAsync(client, request, cancellationToken) is { } active)
        {
            Log.ScheduledRunSkipped(logger, active.InstanceId, active.RuntimeStatus.ToString());
            return;
        }

        Log.ScheduledRunStarted(logger, ExportRuns.RunInstanceId, timer.IsPastDue);
    }
}
