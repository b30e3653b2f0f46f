namespace MarketoExport.Marketo.BulkExport;

/// <summary>The status of a bulk export job as Marketo reports it.</summary>
/// <param name="ExportId">The job id (a GUID string).</param>
/// <param name="Status">The job state.</param>
/// <param name="Format">The file format: <c>CSV</c>, <c>TSV</c> or <c>SSV</c>.</param>
/// <param name="CreatedAt">When the job was created.</param>
/// <param name="QueuedAt">When it was enqueued; null before.</param>
/// <param name="StartedAt">When processing started; null before.</param>
/// <param name="FinishedAt">When it completed or failed; null before.</param>
/// <param name="NumberOfRecords">Rows in the file (header excluded); Completed only.</param>
/// <param name="FileSize">File size in bytes; Completed only.</param>
/// <param name="FileChecksum">The file checksum, <c>sha256:&lt;hex&gt;</c>; Completed only.</param>
/// <param name="ErrorMsg">Why the job failed; Failed only.</param>
public sealed record ExportJob(
    string ExportId,
    ExportJobStatus Status,
    string Format,
    DateTimeOffset CreatedAt,
    DateTimeOffset? QueuedAt = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? FinishedAt = null,
    long? NumberOfRecords = null,
    long? FileSize = null,
    string? FileChecksum = null,
    string? ErrorMsg = null)
{
    /// <summary>Whether the job reached a state it never leaves (Completed, Failed or Cancelled).</summary>
    public bool IsTerminal => Status is ExportJobStatus.Completed or ExportJobStatus.Failed or ExportJobStatus.Cancelled;
}
