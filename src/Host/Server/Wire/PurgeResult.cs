using System.Text.Json.Serialization;

namespace MarketoExport.Host.Server.Wire;

/// <summary>The body of a purge (Durable Functions: <c>instancesDeleted</c>).</summary>
/// <param name="InstancesDeleted">Instances deleted: the run and its per-object sub-orchestrations.</param>
public sealed record PurgeResult([property: JsonPropertyName("instancesDeleted")] int InstancesDeleted);
