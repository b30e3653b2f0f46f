using MarketoExport.Marketo.Simulator.Data;
using MarketoExport.Marketo.Simulator.Wire;

namespace MarketoExport.Marketo.Simulator.Engine;

/// <summary>One bulk export job (mutable; guarded by the engine's lock).</summary>
internal sealed class ExportJob
{
    public const string Created = "Created", Queued = "Queued", Processing = "Processing", Completed = "Completed", Failed = "Failed", Cancelled = "Cancelled";

    public required string ExportId { get; init; }

    public required string Entity { get; init; }

    public string? ApiName { get; init; }

    public required string Format { get; init; }

    public required IReadOnlyList<string> Fields { get; init; }

    public required IReadOnlyList<string> Header { get; init; }

    public required string FilterJson { get; init; }

    /// <summary>Builds the row source; called when processing starts (store-backed custom objects are snapshotted then).</summary>
    public required Func<RowSource> SourceFactory { get; init; }

    public string Status { get; private set; } = Created;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? QueuedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>When the job stopped (Completed, Failed or Cancelled); drives status retention.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public ExportFile? File { get; set; }

    public Task? Measuring { get; set; }

    public CancellationTokenSource? MeasuringCancellation { get; set; }

    public int RequiredTicks { get; set; }

    public int TicksDone { get; set; }

    public long? NumberOfRecords { get; set; }

    public long? FileSize { get; set; }

    public string? FileChecksum { get; set; }

    public string? ErrorMsg { get; set; }

    public bool FileMissing { get; set; }

    public List<ExportJobTransition> Transitions { get; } = [];

    public void MoveTo(string status, DateTimeOffset at)
    {
        Status = status;
        Transitions.Add(new ExportJobTransition(status, at));
    }

    public ExportJobDto ToDto() => new(
        ExportId,
        Format,
        Status,
        Reply.Format(CreatedAt),
        Reply.Format(QueuedAt),
        Reply.Format(StartedAt),
        Reply.Format(FinishedAt),
        NumberOfRecords,
        FileSize,
        FileChecksum,
        ErrorMsg);

    public ExportJobLogEntry ToLog() => new(
        Entity, ApiName, ExportId, Format, Fields, FilterJson, Status, [.. Transitions], NumberOfRecords, FileSize, FileChecksum);
}
