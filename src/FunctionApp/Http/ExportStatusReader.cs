using System.Text.Json;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace MarketoExport.FunctionApp.Http;

/// <summary>Builds a run's status (with per-object progress from its object exports) from the Durable client.</summary>
public static class ExportStatusReader
{
    /// <summary>The status of an instance fetched with inputs and outputs.</summary>
    public static async Task<ExportRunStatus> ToStatusAsync(DurableTaskClient client, OrchestrationMetadata run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(run);
        var objects = new List<ExportObjectProgress>();
        if (run.Name == nameof(ExportRunOrchestrator) && Read(run.ReadInputAs<ExportRunRequest>) is { Objects: { } planned })
        {
            ExportRunResult? rows = Read(run.ReadOutputAs<ExportRunResult>) ?? Read(run.ReadCustomStatusAs<ExportRunResult>);
            foreach (ExportObject o in planned)
            {
                string childId = ExportRunOrchestrator.ChildInstanceId(run.InstanceId, o);
                OrchestrationMetadata? child = await client.GetInstanceAsync(childId, getInputsAndOutputs: true, cancellationToken);
                if (child is not null && child.CreatedAt < run.CreatedAt)
                {
                    child = null; // left over from an earlier run under the same id: not this run's progress
                }

                ObjectExportStatus? live = child is null ? null : Read(child.ReadCustomStatusAs<ObjectExportStatus>);
                ObjectExportResult? row = rows?.Objects.FirstOrDefault(r => r.ObjectName == o.Name);
                bool ended = row is { Outcome: not ObjectExportOutcome.Running };
                objects.Add(new ExportObjectProgress(
                    o.Name,
                    childId,
                    child?.RuntimeStatus.ToString(),
                    row?.Outcome.ToString() ?? nameof(ObjectExportOutcome.Pending),
                    live?.Phase.ToString(),
                    live?.WindowIndex ?? 0,
                    live?.WindowCount ?? row?.Windows ?? 0,
                    live?.Window?.ToString(),
                    live?.ExportId,
                    ended ? row!.Records : live?.Records ?? row?.Records ?? 0,
                    ended ? row!.Bytes : live?.Bytes ?? row?.Bytes ?? 0,
                    row?.Message ?? live?.Note));
            }
        }

        return new ExportRunStatus(
            run.Name,
            run.InstanceId,
            run.RuntimeStatus.ToString(),
            Element(run.SerializedInput),
            Element(run.SerializedCustomStatus),
            Element(run.SerializedOutput),
            ToWire(run.FailureDetails),
            run.CreatedAt,
            run.LastUpdatedAt,
            objects);
    }

    private static ExportRunFailure? ToWire(TaskFailureDetails? details)
        => details is null ? null : new ExportRunFailure(details.ErrorType, details.ErrorMessage, ToWire(details.InnerFailure));

    private static JsonElement? Element(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    // Progress is best effort: a payload written by an older version of the code must not break the status call.
    private static T? Read<T>(Func<T?> read) where T : class
    {
        try
        {
            return read();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
