namespace MarketoExport.Bench.Export;

/// <summary>One job's simulated timeline: enqueued (Queued), Completed (the simulator's finishedAt), download start.</summary>
internal sealed record JobTiming(string Object, DateTimeOffset QueuedAt, DateTimeOffset CompletedAt, DateTimeOffset? DownloadAt)
{
    public double DurationSeconds => (CompletedAt - QueuedAt).TotalSeconds;

    public double? DelaySeconds => DownloadAt is { } d ? (d - CompletedAt).TotalSeconds : null;
}
