namespace MarketoExport.Orchestrations.Export;

/// <summary>How one object's export ended.</summary>
public enum ObjectExportOutcome
{
    /// <summary>Not started yet (run status only).</summary>
    Pending,

    /// <summary>Running (run status only).</summary>
    Running,

    /// <summary>Every planned window landed (possibly none were due).</summary>
    Completed,

    /// <summary>Stopped on the daily quota; resumes after the reset.</summary>
    QuotaExhausted,

    /// <summary>Failed; the checkpoint holds the last landed window.</summary>
    Failed,
}
