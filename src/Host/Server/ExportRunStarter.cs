using System.Diagnostics;
using MarketoExport.Host.Server.Telemetry;
using MarketoExport.Host.Server.Wire;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Host.Server;

/// <summary>
/// Starts export runs for the HTTP API and the schedule, with <c>run</c>'s singleton rule: one instance id
/// (<see cref="RunCommand.RunInstanceId"/>); a start while it is Pending, Running or Suspended starts nothing.
/// Also follows every run it starts (or finds running) to completion for the run span and metrics.
/// </summary>
public sealed class ExportRunStarter(
    ExportRuntime runtime, IOrchestrationClient client, IHostApplicationLifetime lifetime, ILogger<ExportRunStarter> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The singleton run id.</summary>
    public static string RunId => RunCommand.RunInstanceId;

    /// <summary>Starts a run unless one is in progress.</summary>
    /// <param name="body">Optional overrides: a subset of the configured objects, since / until.</param>
    /// <param name="trigger">Who asked ("http", "schedule"), for logs and metrics.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<StartRunResult> StartAsync(StartExportBody? body, string trigger, CancellationToken cancellationToken)
    {
        IReadOnlyList<ExportObject> configured;
        try
        {
            configured = await runtime.ResolveObjectsAsync(cancellationToken);
        }
        catch (HostOptionException ex)
        {
            return new StartRunResult(StartRunOutcome.Invalid, RunId, ex.Message);
        }

        IReadOnlyList<ExportObject> objects = configured;
        if (body?.Objects is { } names)
        {
            if (names.Count == 0)
            {
                return new StartRunResult(StartRunOutcome.Invalid, RunId, "'objects' is empty; omit it to export every configured object, or list some of them.");
            }

            var picked = new List<ExportObject>();
            foreach (string name in names)
            {
                ExportObject? match = configured.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)
                    || string.Equals($"customObject:{o.CustomObjectName}", name, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    return new StartRunResult(StartRunOutcome.Invalid, RunId,
                        $"'objects': '{name}' is not configured on this server (configured: {string.Join(", ", configured.Select(o => o.Name))}); "
                        + "list only those, or restart serve with --objects including it.");
                }

                if (!picked.Contains(match))
                {
                    picked.Add(match);
                }
            }

            objects = picked;
        }

        DateTime? since = body?.Since?.UtcDateTime ?? runtime.Since;
        DateTime? until = body?.Until?.UtcDateTime ?? runtime.Options.Until;
        if (since is { } s && until is { } u && u < s)
        {
            return new StartRunResult(StartRunOutcome.Invalid, RunId, "'until' is before 'since'; give an end after the start.");
        }

        var request = new ExportRunRequest(objects, runtime.Settings) { Since = since, Until = until };
        await _gate.WaitAsync(cancellationToken);
        try
        {
            OrchestrationMetadata? existing = await client.GetInstanceAsync(RunId, cancellationToken: cancellationToken);
            if (existing is { IsRunning: true })
            {
                return new StartRunResult(StartRunOutcome.AlreadyRunning, RunId, Existing: existing);
            }

            try
            {
                await client.ScheduleNewOrchestrationInstanceAsync(nameof(ExportRunOrchestrator), request, new StartOrchestrationOptions(RunId), cancellationToken);
            }
            catch (OrchestrationAlreadyExistsException)
            {
                return new StartRunResult(StartRunOutcome.AlreadyRunning, RunId,
                    Existing: await client.GetInstanceAsync(RunId, cancellationToken: cancellationToken));
            }
        }
        finally
        {
            _gate.Release();
        }

        string planned = string.Join(",", objects.Select(o => o.Name));
        Log.RunStarted(logger, RunId, trigger, planned);
        Follow(RunId, trigger);
        return new StartRunResult(StartRunOutcome.Started, RunId);
    }

    /// <summary>Follows a run to completion in the background (span <c>export.run</c>, metrics, a log line).</summary>
    public void Follow(string instanceId, string trigger)
    {
        _ = FollowAsync(instanceId, trigger);
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private async Task FollowAsync(string instanceId, string trigger)
    {
        // A run outlives the request that started it: its span is a root, not a child of the (unsampled) request.
        Activity.Current = null;
        using Activity? span = ExportTelemetry.Source.StartActivity("export.run", ActivityKind.Internal);
        span?.SetTag("export.instance_id", instanceId);
        span?.SetTag("export.trigger", trigger);
        long started = Stopwatch.GetTimestamp();
        try
        {
            OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(instanceId, cancellationToken: lifetime.ApplicationStopping);
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
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The server is stopping: the run stays in the state database and resumes on the next start.
        }
        catch (InvalidOperationException)
        {
            // Purged while followed.
        }
    }
}
