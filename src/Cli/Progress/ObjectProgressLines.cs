using System.Globalization;
using MarketoExport.Activities;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Cli.Progress;

/// <summary>
/// The plain progress lines of one object (redirected output, CI logs), one per event: a window's step as it is now,
/// a window landed with ITS records and bytes (not the running total), a note, a retry with its cause, a long
/// download's bytes and ETA, and how the object ended.
/// </summary>
public sealed class ObjectProgressLines(string objectName)
{
    /// <summary>A download is "long" once it has streamed this long; then its progress is printed this often.</summary>
    public static readonly TimeSpan LongDownload = TimeSpan.FromSeconds(5);

    private (ObjectExportPhase Phase, int Window)? _step;
    private int _landed;
    private long _records;
    private long _bytes;
    private string? _note;
    private DateTime? _retryFailedAt;
    private DateTimeOffset _downloadLineAt = DateTimeOffset.MinValue;

    /// <summary>The lines for what changed since the last call.</summary>
    /// <param name="status">The object's custom status (null before it started).</param>
    /// <param name="retry">A retry in progress, if any.</param>
    /// <param name="download">The object's latest download report, if any.</param>
    /// <param name="now">The current time.</param>
    /// <param name="longDownload">When a download counts as long (<see cref="LongDownload"/> unless a test says otherwise).</param>
    public IReadOnlyList<string> Update(ObjectExportStatus? status, RetryNote? retry, DownloadProgress? download, DateTimeOffset now, TimeSpan? longDownload = null)
    {
        var lines = new List<string>();
        if (status is null)
        {
            return lines;
        }

        if (status.Landed > _landed)
        {
            int first = _landed + 1;
            string windows = status.Landed == first ? $"window {first}/{status.WindowCount}" : $"windows {first}-{status.Landed}/{status.WindowCount}";
            lines.Add(Line($"{windows} landed: {status.Records - _records:N0} records, {status.Bytes - _bytes:N0} bytes"));
            (_landed, _records, _bytes) = (status.Landed, status.Records, status.Bytes);
        }

        if (status.Phase != ObjectExportPhase.Done && _step != (status.Phase, status.WindowIndex))
        {
            _step = (status.Phase, status.WindowIndex);
            string where = status.WindowCount == 0 || status.Window is null ? string.Empty : $"window {status.WindowIndex}/{status.WindowCount} {status.Window}: ";
            string export = status.ExportId is not null && status.Phase is ObjectExportPhase.Enqueuing or ObjectExportPhase.QueueFull
                or ObjectExportPhase.Queued or ObjectExportPhase.Processing or ObjectExportPhase.Downloading
                ? $" (export {status.ExportId})" : string.Empty;
            lines.Add(Line(where + Describe(status.Phase) + export));
        }

        if (status.Note is { } note && note != _note)
        {
            _note = note;
            lines.Add(Line("note: " + note));
        }

        if (retry is not null && retry.FailedAt != _retryFailedAt)
        {
            _retryFailedAt = retry.FailedAt;
            lines.Add(Line(Retry(retry)));
        }

        if (download is { Finished: false } d && d.ExportId == status.ExportId && status.Phase == ObjectExportPhase.Downloading
            && now - d.StartedAt >= (longDownload ?? LongDownload) && now - _downloadLineAt >= (longDownload ?? LongDownload))
        {
            _downloadLineAt = now;
            lines.Add(Line(Download(d)));
        }

        return lines;
    }

    /// <summary>How the object ended, from the run's row for it (the same figures as the summary).</summary>
    public string Finish(ObjectExportResult? row, ObjectExportStatus? status)
    {
        if (row is null)
        {
            return Line(status is null ? "not started" : $"stopped while {Describe(status.Phase)}");
        }

        string figures = $"{row.Windows} window(s), {row.Records:N0} records, {row.Bytes:N0} bytes";
        return row.Outcome switch
        {
            ObjectExportOutcome.Completed when row.Windows == 0 => Line("done: up to date, nothing to export" + (row.Message is null ? string.Empty : $" ({row.Message})")),
            ObjectExportOutcome.Completed => Line($"done: {figures}"),
            ObjectExportOutcome.QuotaExhausted => Line($"stopped on a quota after {figures}: {row.Message}"),
            ObjectExportOutcome.Failed => Line($"failed after {figures}: {row.Message}"),
            _ => Line($"{row.Outcome}: {figures}"),
        };
    }

    /// <summary>The phase in words.</summary>
    public static string Describe(ObjectExportPhase phase) => phase switch
    {
        ObjectExportPhase.ReadingCheckpoint => "reading the checkpoint",
        ObjectExportPhase.CheckingQuota => "checking today's export quota",
        ObjectExportPhase.Creating => "creating the export job",
        ObjectExportPhase.Enqueuing => "enqueuing the job",
        ObjectExportPhase.QueueFull => "waiting: Marketo's export queue is full",
        ObjectExportPhase.Queued => "queued at Marketo",
        ObjectExportPhase.Processing => "processing at Marketo",
        ObjectExportPhase.Downloading => "downloading and verifying the file",
        ObjectExportPhase.Checkpointing => "writing the checkpoint",
        ObjectExportPhase.WaitingForQuota => "waiting for the daily quota reset",
        ObjectExportPhase.Done => "done",
        _ => phase.ToString(),
    };

    /// <summary>e.g. <c>retrying ReadCheckpoint (attempt 2): Marketo could not be reached …; next attempt at 2026-…Z</c>.</summary>
    public static string Retry(RetryNote retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        string next = retry.NextAttemptAt is { } at ? $"; next attempt at {at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}" : string.Empty;
        string cause = retry.Cause.Length > 240 ? retry.Cause[..240] + "…" : retry.Cause;
        return $"retrying {retry.Step} (attempt {retry.Attempt}): {cause}{next}";
    }

    /// <summary>e.g. <c>downloading export X: 12.35 MiB of 40 MiB (30 %), 2.1 MiB/s, about 14 s left</c>.</summary>
    public static string Download(DownloadProgress d)
    {
        ArgumentNullException.ThrowIfNull(d);
        string of = d.TotalBytes is { } total and > 0
            ? string.Create(CultureInfo.InvariantCulture, $" of {Sizes.Bytes(total)} ({100.0 * d.Bytes / total:0} %)")
            : string.Empty;
        string rate = d.BytesPerSecond is { } r ? $", {Sizes.Bytes((long)r)}/s" : string.Empty;
        string eta = d.Remaining is { } left ? $", about {Sizes.Duration(left)} left" : string.Empty;
        return $"downloading export {d.ExportId}: {Sizes.Bytes(d.Bytes)}{of}{rate}{eta}";
    }

    private string Line(string text) => $"{objectName}: {text}";
}
