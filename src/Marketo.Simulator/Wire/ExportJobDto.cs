namespace MarketoExport.Marketo.Simulator.Wire;

internal sealed record ExportJobDto(
    string ExportId,
    string Format,
    string Status,
    string CreatedAt,
    string? QueuedAt = null,
    string? StartedAt = null,
    string? FinishedAt = null,
    long? NumberOfRecords = null,
    long? FileSize = null,
    string? FileChecksum = null,
    string? ErrorMsg = null);
