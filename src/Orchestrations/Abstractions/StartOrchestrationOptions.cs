namespace MarketoExport.Orchestrations.Abstractions;

/// <summary>Options for scheduling a new instance.</summary>
/// <param name="InstanceId">A fixed instance id; null for a new GUID.</param>
/// <param name="StartAt">When to start; null for now.</param>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);
