namespace MarketoExport.Orchestrations.Export;

/// <summary>Output of <see cref="ObjectExportOrchestrator"/> and one row of the run's status and result.</summary>
/// <param name="ObjectName">The object.</param>
/// <param name="Outcome">How it ended (or where it is).</param>
public sealed record ObjectExportResult(string ObjectName, ObjectExportOutcome Outcome)
{
    /// <summary>Windows landed in this run.</summary>
    public int Windows { get; init; }

    /// <summary>Records landed in this run.</summary>
    public long Records { get; init; }

    /// <summary>Bytes landed in this run.</summary>
    public long Bytes { get; init; }

    /// <summary>The checkpoint's high-water mark at the end.</summary>
    public DateTime? HighWaterMark { get; init; }

    /// <summary>Files landed in this run (sink-relative names).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>One line for a human: a fallback taken, the reason of a failure, the quota reset time.</summary>
    public string? Message { get; init; }

    /// <summary>When the quota resets (QuotaExhausted only).</summary>
    public DateTime? ResumesAt { get; init; }
}
