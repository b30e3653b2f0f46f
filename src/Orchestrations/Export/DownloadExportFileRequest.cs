namespace MarketoExport.Orchestrations.Export;

/// <summary>Input of the download activity: a Completed job and what its file must match.</summary>
/// <param name="Object">The exported object.</param>
/// <param name="Window">The job's window (names the landed file).</param>
/// <param name="Job">The Completed status: records, size and checksum to verify against.</param>
public sealed record DownloadExportFileRequest(ExportObject Object, ExportWindow Window, ExportJobState Job)
{
    /// <summary>A sub-folder of the object's landing folder (a backfill's label); null for the object's own folder.</summary>
    public string? Folder { get; init; }
}
