namespace MarketoExport.Runtime.Embedded.Storage;

/// <summary>An activity task claimed for execution.</summary>
internal sealed record ActivityWorkItem(
    long Id, string InstanceId, int Generation, int TaskId, string Name, string? Input, int PolicyAttempt, int DispatchCount);
