using MarketoExport.FunctionApp.Http;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace MarketoExport.FunctionApp;

/// <summary>
/// Starting runs, shared by the timer and the HTTP start. As on the local server, an export run is a singleton with
/// the fixed instance id <see cref="RunInstanceId"/>: a start while it is Pending, Running or Suspended is refused
/// (the Durable backend refuses a duplicate start of a non-terminal id, so two racing starts cannot both win), and
/// a start after it has ended takes its place.
/// </summary>
public sealed class ExportRuns(IOptions<ExportRunOptions> options)
{
    /// <summary>The singleton instance id of an export run (the local server's too).</summary>
    public const string RunInstanceId = "export-run";

    /// <summary>The run's input: the configured objects (or the body's subset of them) and the body's range.</summary>
    /// <returns>The request, or null and a message saying what is wrong.</returns>
    public (ExportRunRequest? Request, string? Error) CreateRequest(ExportRunStartRequest? body)
    {
        var configured = new List<ExportObject>();
        foreach (string name in options.Value.Objects)
        {
            configured.Add(ExportObject.TryParse(name, out string? error) ?? throw new InvalidOperationException($"Export:Objects: {error}"));
        }

        IReadOnlyList<ExportObject> objects = configured;
        if (body?.Objects is { } names)
        {
            if (names.Count == 0)
            {
                return (null, "'objects' is empty; omit it to export every configured object, or list some of them.");
            }

            var picked = new List<ExportObject>();
            foreach (string name in names)
            {
                ExportObject? match = configured.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)
                    || string.Equals($"customObject:{o.CustomObjectName}", name, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    return (null, $"'objects': '{name}' is not configured (configured: {string.Join(", ", configured.Select(o => o.Name))}); "
                        + "list only those, or add it to Export__Objects.");
                }

                if (!picked.Contains(match))
                {
                    picked.Add(match);
                }
            }

            objects = picked;
        }

        if (body is { Since: { } since, Until: { } until } && until < since)
        {
            return (null, "'until' is before 'since'; give an end after the start.");
        }

        return (new ExportRunRequest(objects, options.Value.Settings) { Since = body?.Since?.UtcDateTime, Until = body?.Until?.UtcDateTime }, null);
    }

    /// <summary>Starts the run unless it is already active; returns the active run's metadata when it is.</summary>
    public static async Task<OrchestrationMetadata?> StartAsync(DurableTaskClient client, ExportRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        OrchestrationMetadata? existing = await client.GetInstanceAsync(RunInstanceId, cancellationToken);
        if (existing is { IsCompleted: false })
        {
            return existing;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ExportRunOrchestrator), request, new StartOrchestrationOptions(RunInstanceId), cancellationToken);
            return null;
        }
        catch (global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException)
        {
            // Another start won the race between the check above and this one.
            return await client.GetInstanceAsync(RunInstanceId, cancellationToken)
                ?? throw new InvalidOperationException($"Run '{RunInstanceId}' was reported as existing but cannot be read.");
        }
    }
}
