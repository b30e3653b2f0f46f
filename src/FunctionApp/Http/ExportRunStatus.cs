using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace MarketoExport.FunctionApp.Http;

/// <summary>One run as <c>GET /api/exports/{id}</c> shows it, in Durable Functions' status shape.</summary>
public sealed record ExportRunStatus(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    JsonElement? Input,
    JsonElement? CustomStatus,
    JsonElement? Output,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    ExportRunFailure? FailureDetails)
{
    /// <summary>Maps the Durable client's view of an instance.</summary>
    public static ExportRunStatus From(OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new ExportRunStatus(
            instance.Name,
            instance.InstanceId,
            instance.RuntimeStatus.ToString(),
            Parse(instance.SerializedInput),
            Parse(instance.SerializedCustomStatus),
            Parse(instance.SerializedOutput),
            instance.CreatedAt,
            instance.LastUpdatedAt,
            instance.FailureDetails is { } f ? new ExportRunFailure(f.ErrorType, f.ErrorMessage) : null);
    }

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
