using System.Text.Json;
using MarketoExport.Management.Http.Wire;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace MarketoExport.Management.Http;

/// <summary>Reads a run and its per-object sub-orchestrations into the wire status.</summary>
public static class ExportStatusReader
{
    // Inputs, outputs and custom statuses are written with the web defaults (camelCase) on every host.
    private static readonly JsonSerializerOptions DurableJson = new(JsonSerializerDefaults.Web);

    /// <summary>One instance with inputs and outputs, or null when it does not exist.</summary>
    public static async Task<ExportInstanceStatus?> GetAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        OrchestrationMetadata? meta = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return meta is null ? null : await ToStatusAsync(client, meta, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Export runs matching the query, newest first, at most <paramref name="top"/>.</summary>
    public static async Task<IReadOnlyList<ExportInstanceStatus>> QueryAsync(
        DurableTaskClient client, OrchestrationQuery query, int top, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(query);
        var runs = new List<OrchestrationMetadata>();
        await foreach (OrchestrationMetadata meta in client.GetAllInstancesAsync(query with { FetchInputsAndOutputs = true }).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (meta.Name == nameof(ExportRunOrchestrator))
            {
                runs.Add(meta);
            }
        }

        var result = new List<ExportInstanceStatus>();
        foreach (OrchestrationMetadata run in runs.OrderByDescending(r => r.CreatedAt).Take(top))
        {
            result.Add(await ToStatusAsync(client, run, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    /// <summary>Builds the wire status of an instance (per-object progress for export runs).</summary>
    public static async Task<ExportInstanceStatus> ToStatusAsync(DurableTaskClient client, OrchestrationMetadata meta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(meta);
        var objects = new List<ObjectProgress>();
        if (meta.Name == nameof(ExportRunOrchestrator) && Read<ExportRunRequest>(meta.SerializedInput) is { Objects: { } planned })
        {
            ExportRunResult? rows = Read<ExportRunResult>(meta.SerializedOutput) ?? Read<ExportRunResult>(meta.SerializedCustomStatus);
            foreach (ExportObject o in planned)
            {
                string childId = ExportRunOrchestrator.ChildInstanceId(meta.InstanceId, o);
                OrchestrationMetadata? child = await client.GetInstanceAsync(childId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);

                // A child left over from a previous run with the same id is older than this run: not its progress.
                if (child is not null && child.CreatedAt < meta.CreatedAt)
                {
                    child = null;
                }

                ObjectExportStatus? live = Read<ObjectExportStatus>(child?.SerializedCustomStatus);
                ObjectExportResult? row = rows?.Objects.FirstOrDefault(r => r.ObjectName == o.Name);
                bool finished = row is { Outcome: not (ObjectExportOutcome.Running or ObjectExportOutcome.Pending) };
                objects.Add(new ObjectProgress(
                    o.Name,
                    childId,
                    child?.RuntimeStatus.ToString(),
                    Outcome(meta, row, child),
                    live?.Phase.ToString(),
                    live?.WindowIndex ?? 0,
                    live?.WindowCount ?? row?.Windows ?? 0,
                    live?.Window?.ToString(),
                    live?.ExportId,
                    finished ? row!.Records : live?.Records ?? row?.Records ?? 0,
                    finished ? row!.Bytes : live?.Bytes ?? row?.Bytes ?? 0,
                    row?.Message ?? live?.Note,
                    child?.LastUpdatedAt));
            }
        }

        return new ExportInstanceStatus(
            meta.Name,
            meta.InstanceId,
            meta.RuntimeStatus.ToString(),
            Element(meta.SerializedInput),
            Element(meta.SerializedCustomStatus),
            Element(meta.SerializedOutput),
            ToWire(meta.FailureDetails),
            meta.CreatedAt,
            meta.LastUpdatedAt,
            objects);
    }

    /// <summary>
    /// An object's outcome. The run's rows say Running until the run records the object's end; once the run itself
    /// has ended (terminated, failed), an object still Running there ended with it: its own status says how.
    /// </summary>
    private static string Outcome(OrchestrationMetadata run, ObjectExportResult? row, OrchestrationMetadata? child)
    {
        ObjectExportOutcome outcome = row?.Outcome ?? ObjectExportOutcome.Pending;
        if (run.IsCompleted && outcome is ObjectExportOutcome.Running or ObjectExportOutcome.Pending)
        {
            return child switch
            {
                null => "NotStarted",
                { IsCompleted: true } => child.RuntimeStatus.ToString(),
                _ => run.RuntimeStatus.ToString(),
            };
        }

        return outcome.ToString();
    }

    private static FailureDetailsPayload? ToWire(TaskFailureDetails? details)
        => details is null ? null : new FailureDetailsPayload(details.ErrorType, details.ErrorMessage, ToWire(details.InnerFailure));

    private static JsonElement? Element(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static T? Read<T>(string? json) where T : class
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, DurableJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
