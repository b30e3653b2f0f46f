using System.Text.Json.Serialization;

namespace MarketoExport.Management.Http.Wire;

/// <summary>The body of a purge (Durable Functions: <c>instancesDeleted</c>).</summary>
/// <param name="InstancesDeleted">Instances deleted: the run and its per-object sub-orchestrations.</param>
public sealed record PurgePayload([property: JsonPropertyName("instancesDeleted")] int InstancesDeleted);
