using System.Diagnostics;
using MarketoExport.Cli.Runs;
using MarketoExport.Cli.Server.Telemetry;
using MarketoExport.Management.Runs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Cli.Server;

/// <summary>
/// Follows every run the server starts (or finds running, or restarts, or rewinds) to its end: one <c>export.run</c>
/// span, the run metrics, a log line and its entry in the run log (<see cref="RunLog"/>).
/// </summary>
public sealed class RunTelemetryObserver(IHostApplicationLifetime lifetime, ExportRuntime runtime, ILogger<RunTelemetryObserver> logger) : IExportRunObserver
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<DateTimeOffset, TaskCompletionSource> _logged = new();

    /// <summary>Completes once the run created at <paramref name="createdAt"/> is in the run log.</summary>
    public Task WaitForLoggedAsync(DateTimeOffset createdAt, CancellationToken cancellationToken)
        => Logged(createdAt).Task.WaitAsync(cancellationToken);

    /// <inheritdoc />
    public void OnStarted(DurableTaskClient client, string instanceId, string trigger)
    {
        Log.RunStarted(logger, instanceId, trigger);
        _ = FollowAsync(client, instanceId, trigger);
    }

    private async Task FollowAsync(DurableTaskClient client, string instanceId, string trigger)
    {
        // A run outlives the request that started it: its span is a root, not a child of the (unsampled) request.
        Activity.Current = null;
        using Activity? span = ExportTelemetry.Source.StartActivity("export.run", ActivityKind.Internal);
        span?.SetTag("export.instance_id", instanceId);
        span?.SetTag("export.trigger", trigger);
        long started = Stopwatch.GetTimestamp();
        try
        {
            OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, lifetime.ApplicationStopping);
            string status = done.RuntimeStatus.ToString();
            span?.SetTag("export.status", status);
            if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                span?.SetStatus(ActivityStatusCode.Error, done.FailureDetails?.ErrorMessage);
            }

            var tags = new TagList { { "status", status }, { "trigger", trigger } };
            ExportTelemetry.Runs.Add(1, tags);
            ExportTelemetry.RunDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            Log.RunFinished(logger, instanceId, status, done.FailureDetails?.ErrorMessage ?? string.Empty);

            // The engine keeps only the latest run of the singleton id; the run log keeps this one for the status page.
            await RunLog.AppendAsync(runtime, done, trigger, lifetime.ApplicationStopping);
            Logged(done.CreatedAt).TrySetResult();
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // The server is stopping (the run stays in the state file and resumes on the next start), or it was purged.
        }
    }

    private TaskCompletionSource Logged(DateTimeOffset createdAt)
        => _logged.GetOrAdd(createdAt, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
