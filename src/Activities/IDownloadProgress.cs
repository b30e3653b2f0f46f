namespace MarketoExport.Activities;

/// <summary>
/// Receives the progress of export file downloads, so a host can show it while a long file streams (the command line's
/// progress line with bytes and ETA). Called from the download activity at its start, about once a second while it
/// streams, and at its end; it must return at once and never throw.
/// </summary>
public interface IDownloadProgress
{
    /// <summary>The latest state of one download.</summary>
    void Report(DownloadProgress progress);
}
