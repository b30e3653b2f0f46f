namespace MarketoExport.Activities;

/// <summary>One download's progress.</summary>
/// <param name="ObjectName">The exported object.</param>
/// <param name="ExportId">The Marketo export job.</param>
/// <param name="Bytes">Bytes landed so far (including <paramref name="ResumedFrom"/>).</param>
/// <param name="TotalBytes">The file's size when Marketo reported it.</param>
/// <param name="ResumedFrom">Bytes an earlier, interrupted execution had landed (not downloaded by this one).</param>
/// <param name="StartedAt">When this execution started streaming.</param>
/// <param name="At">When this report was made.</param>
/// <param name="Finished">The file is complete (verified or not yet).</param>
public sealed record DownloadProgress(
    string ObjectName, string ExportId, long Bytes, long? TotalBytes, long ResumedFrom, DateTimeOffset StartedAt, DateTimeOffset At, bool Finished)
{
    /// <summary>Bytes per second downloaded by this execution, or null before there is a measure.</summary>
    public double? BytesPerSecond => At > StartedAt && Bytes > ResumedFrom ? (Bytes - ResumedFrom) / (At - StartedAt).TotalSeconds : null;

    /// <summary>Time left at the current rate, or null when the size or the rate is unknown.</summary>
    public TimeSpan? Remaining => TotalBytes is { } total && BytesPerSecond is { } rate && rate > 0
        ? TimeSpan.FromSeconds(Math.Max(0, total - Bytes) / rate)
        : null;
}
