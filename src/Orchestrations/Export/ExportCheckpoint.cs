namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// One object's checkpoint, stored as one record of the checkpoint custom object (dedupe field = object name).
/// <see cref="HighWaterMark"/> is the END (inclusive) of the last landed window; the next window starts one
/// second later. The in-flight fields are written before a job is enqueued so a re-run re-attaches to it.
/// </summary>
public sealed record ExportCheckpoint(string ObjectName)
{
    /// <summary>Last second covered by a landed, verified file; null before the first.</summary>
    public DateTime? HighWaterMark { get; init; }

    /// <summary>Landing name of the last file.</summary>
    public string? LastFileName { get; init; }

    /// <summary>Records in the last file.</summary>
    public long LastFileRecords { get; init; }

    /// <summary>When the last file was landed.</summary>
    public DateTime? LastIngestedAt { get; init; }

    /// <summary>Start of the first window of this epoch (the data coverage's lower bound).</summary>
    public DateTime? EpochStartedAt { get; init; }

    /// <summary>Records landed since the epoch started.</summary>
    public long EpochRecords { get; init; }

    /// <summary>Export id of the job in flight, if any.</summary>
    public string? InFlightExportId { get; init; }

    /// <summary>Start of the in-flight window.</summary>
    public DateTime? InFlightWindowStart { get; init; }

    /// <summary>End of the in-flight window.</summary>
    public DateTime? InFlightWindowEnd { get; init; }

    /// <summary>The in-flight window, when both ends are recorded.</summary>
    public ExportWindow? InFlightWindow() => InFlightWindowStart is { } s && InFlightWindowEnd is { } e ? new ExportWindow(s, e) : null;
}
