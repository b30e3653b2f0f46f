namespace MarketoExport.Activities.Checkpoints;

/// <summary>Field API names of the checkpoint custom object (dedupe field: <see cref="ObjectName"/>).</summary>
public static class CheckpointFields
{
    /// <summary>Exported object's API name; the dedupe field.</summary>
    public const string ObjectName = "objectName";

    /// <summary>End (inclusive) of the last landed window.</summary>
    public const string HighWaterMark = "highWaterMark";

    /// <summary>Landing name of the last file.</summary>
    public const string LastFileName = "lastFileName";

    /// <summary>Records in the last file.</summary>
    public const string LastFileRecords = "lastFileRecords";

    /// <summary>When the last file landed.</summary>
    public const string LastIngestedAt = "lastIngestedAt";

    /// <summary>Start of the data coverage.</summary>
    public const string EpochStartedAt = "epochStartedAt";

    /// <summary>Records landed since the epoch started.</summary>
    public const string EpochRecords = "epochRecords";

    /// <summary>Export id in flight.</summary>
    public const string InFlightExportId = "inFlightExportId";

    /// <summary>In-flight window start.</summary>
    public const string InFlightWindowStart = "inFlightWindowStart";

    /// <summary>In-flight window end.</summary>
    public const string InFlightWindowEnd = "inFlightWindowEnd";

    /// <summary>Every field with its Marketo data type, dedupe field first.</summary>
    public static IReadOnlyList<(string Name, string DisplayName, string DataType)> All { get; } =
    [
        (ObjectName, "Object Name", "string"),
        (HighWaterMark, "High-Water Mark", "datetime"),
        (LastFileName, "Last File Name", "string"),
        (LastFileRecords, "Last File Records", "integer"),
        (LastIngestedAt, "Last Ingested At", "datetime"),
        (EpochStartedAt, "Epoch Started At", "datetime"),
        (EpochRecords, "Epoch Records", "integer"),
        (InFlightExportId, "In-Flight Export Id", "string"),
        (InFlightWindowStart, "In-Flight Window Start", "datetime"),
        (InFlightWindowEnd, "In-Flight Window End", "datetime"),
    ];
}
