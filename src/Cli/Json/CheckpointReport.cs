namespace MarketoExport.Cli.Json;

/// <summary>One object's checkpoint.</summary>
/// <param name="Object">The object (checkpoint key).</param>
/// <param name="Stored">Whether a record exists (false: the next run starts from --since).</param>
/// <param name="HighWaterMark">The last second exported.</param>
/// <param name="NextRunStartsAt">The first second the next run exports (high-water mark + 1 s).</param>
/// <param name="LastFileName">The last landed file.</param>
/// <param name="LastFileRecords">Its records.</param>
/// <param name="LastIngestedAt">When it landed.</param>
/// <param name="EpochStartedAt">The start of the data coverage.</param>
/// <param name="EpochRecords">Records landed since then.</param>
/// <param name="InFlightExportId">The export job in flight (or a pending-create mark).</param>
/// <param name="InFlightWindow">Its window.</param>
public sealed record CheckpointReport(
    string Object,
    bool Stored,
    DateTime? HighWaterMark,
    DateTime? NextRunStartsAt,
    string? LastFileName,
    long LastFileRecords,
    DateTime? LastIngestedAt,
    DateTime? EpochStartedAt,
    long EpochRecords,
    string? InFlightExportId,
    WindowReport? InFlightWindow);
