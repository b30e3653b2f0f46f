using System.Text.Json;

namespace MarketoExport.FunctionApp.Http;

/// <summary>One run as <c>GET /api/exports/{id}</c> shows it: Durable Functions' status shape plus per-object progress.</summary>
public sealed record ExportRunStatus(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    JsonElement? Input,
    JsonElement? CustomStatus,
    JsonElement? Output,
    ExportRunFailure? FailureDetails,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    IReadOnlyList<ExportObjectProgress> Objects);
