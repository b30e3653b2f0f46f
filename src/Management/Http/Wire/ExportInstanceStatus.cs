using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketoExport.Management.Http.Wire;

/// <summary>
/// One run's status, with Durable Functions' field names (<c>name</c>, <c>instanceId</c>, <c>runtimeStatus</c>,
/// <c>input</c>, <c>customStatus</c>, <c>output</c>, <c>createdTime</c>, <c>lastUpdatedTime</c>), plus
/// <c>failureDetails</c> and <c>objects</c> (per-object progress).
/// </summary>
/// <param name="Name">The orchestrator's name.</param>
/// <param name="InstanceId">The instance id.</param>
/// <param name="RuntimeStatus">Pending, Running, Completed, Failed, Terminated or Suspended.</param>
/// <param name="Input">The run's plan.</param>
/// <param name="CustomStatus">The run's own custom status (one row per object).</param>
/// <param name="Output">The result, when Completed.</param>
/// <param name="FailureDetails">Why it failed, when Failed.</param>
/// <param name="CreatedTime">When it was created.</param>
/// <param name="LastUpdatedTime">When it last changed.</param>
/// <param name="Objects">Per-object progress.</param>
public sealed record ExportInstanceStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("instanceId")] string InstanceId,
    [property: JsonPropertyName("runtimeStatus")] string RuntimeStatus,
    [property: JsonPropertyName("input")] JsonElement? Input,
    [property: JsonPropertyName("customStatus")] JsonElement? CustomStatus,
    [property: JsonPropertyName("output")] JsonElement? Output,
    [property: JsonPropertyName("failureDetails")] FailureDetailsPayload? FailureDetails,
    [property: JsonPropertyName("createdTime")] DateTimeOffset CreatedTime,
    [property: JsonPropertyName("lastUpdatedTime")] DateTimeOffset LastUpdatedTime,
    [property: JsonPropertyName("objects")] IReadOnlyList<ObjectProgress> Objects);
