using System.Collections.Concurrent;
using MarketoExport.Activities;

namespace MarketoExport.Cli.Progress;

/// <summary>The latest download progress of each object, reported by the download activity and read by the progress view.</summary>
public sealed class DownloadProgressBoard : IDownloadProgress
{
    private readonly ConcurrentDictionary<string, DownloadProgress> _latest = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public void Report(DownloadProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        _latest[progress.ObjectName] = progress;
    }

    /// <summary>The object's latest report, or null.</summary>
    public DownloadProgress? Latest(string objectName) => _latest.GetValueOrDefault(objectName);
}
