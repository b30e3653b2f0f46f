using System.Text.Json;
using MarketoExport.Host.Server.Wire;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Host.Server;

/// <summary>Reads a run and its per-object sub-orchestrations into the wire status.</summary>
public sealed class ExportStatusReader(IOrchestrationClient client)
{
    // The engine's default serializer settings (web defaults), which wrote input, output and custom status.
    private static readonly JsonSerializerOptions EngineJson = new(JsonSerializerDefaults.Web);

    /// <summary>One instance with inputs and outputs, or null when it does not exist.</summary>
    public async Task<ExportInstanceStatus?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? meta = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        return meta is null ? null : await ToStatusAsync(meta, cancellationToken);
    }

    /// <summary>Export runs matching the query, newest first.</summary>
    public async Task<IReadOnlyList<ExportInstanceStatus>> QueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        IReadOnlyList<OrchestrationMetadata> runs = await client.QueryInstancesAsync(
            query with { Name = nameof(ExportRunOrchestrator), FetchInputsAndOutputs = true }, cancellationToken);
        var result = new List<ExportInstanceStatus>(runs.Count);
        foreach (OrchestrationMetadata run in runs)
        {
            result.Add(await ToStatusAsync(run, cancellationToken));
        }

        return result;
    }

    /// <summary>Builds the wire status of an instance (per-object progress for export runs).</summary>
    public async Task<ExportInstanceStatus> ToStatusAsync(OrchestrationMetadata meta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meta);
        var objects = new List<ObjectProgress>();
        if (meta.Name == nameof(ExportRunOrchestrator) && Read<ExportRunRequest>(meta.SerializedInput) is { Objects: { } planned })
        {
            ExportRunResult? rows = Read<ExportRunResult>(meta.SerializedOutput) ?? Read<ExportRunResult>(meta.SerializedCustomStatus);
            foreach (ExportObject o in planned)
            {
                string childId = ExportRunOrchestrator.ChildInstanceId(meta.InstanceId, o);
                OrchestrationMetadata? child = await client.GetInstanceAsync(childId, getInputsAndOutputs: true, cancellationToken);
                ObjectExportStatus? live = Read<ObjectExportStatus>(child?.SerializedCustomStatus);
                ObjectExportResult? row = rows?.Objects.FirstOrDefault(r => r.ObjectName == o.Name);

                // A child left over from a previous run with the same id is older than this run: not its progress.
                if (child is not null && child.CreatedAt < meta.CreatedAt)
                {
                    child = null;
                    live = null;
                }

                objects.Add(new ObjectProgress(
                    o.Name,
                    childId,
                    child?.RuntimeStatus.ToString(),
                    row?.Outcome.ToString() ?? ObjectExportOutcome.Pending.ToString(),
                    live?.Phase.ToString(),
                    live?.WindowIndex ?? 0,
                    live?.WindowCount ?? row?.Windows ?? 0,
                    live?.Window?.ToString(),
                    live?.ExportId,
                    row is { Outcome: not ObjectExportOutcome.Running } ? row.Records : live?.Records ?? row?.Records ?? 0,
                    row is { Outcome: not ObjectExportOutcome.Running } ? row.Bytes : live?.Bytes ?? row?.Bytes ?? 0,
                    row?.Message ?? live?.Note));
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

    private static FailureDetailsPayload? ToWire(TaskFailureDetails? details)
        => details is null ? null : new FailureDetailsPayload(details.ErrorType, details.ErrorMessage, ToWire(details.InnerFailure));

    private static JsonElement? Element(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    private static T? Read<T>(string? json) where T : class
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, EngineJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
