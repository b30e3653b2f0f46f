namespace MarketoExport.FunctionApp.Http;

/// <summary>One object of a run, as the local server's status shows it.</summary>
public sealed record ExportObjectProgress(
    string Object,
    string InstanceId,
    string? RuntimeStatus,
    string Outcome,
    string? Phase,
    int WindowIndex,
    int WindowCount,
    string? Window,
    string? ExportId,
    long Records,
    long Bytes,
    string? Note);
