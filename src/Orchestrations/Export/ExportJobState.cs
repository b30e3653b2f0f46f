namespace MarketoExport.Orchestrations.Export;

/// <summary>What the pipeline keeps of a Marketo export job's status.</summary>
/// <param name="ExportId">Marketo's export id.</param>
/// <param name="Phase">Status.</param>
public sealed record ExportJobState(string ExportId, ExportJobPhase Phase)
{
    /// <summary>Records in the file (Completed only).</summary>
    public long? NumberOfRecords { get; init; }

    /// <summary>File size in bytes (Completed only).</summary>
    public long? FileSize { get; init; }

    /// <summary>"sha256:&lt;hex&gt;" (Completed only).</summary>
    public string? FileChecksum { get; init; }

    /// <summary>When Marketo queued the job (Marketo's clock, UTC); null before enqueue or when not reported.</summary>
    public DateTime? QueuedAt { get; init; }

    /// <summary>When Marketo finished the job (Marketo's clock, UTC); null before or when not reported.</summary>
    public DateTime? FinishedAt { get; init; }

    /// <summary>Marketo's error message (Failed only).</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>True for Completed, Failed, Cancelled and Unknown.</summary>
    public bool IsTerminal => Phase is ExportJobPhase.Completed or ExportJobPhase.Failed or ExportJobPhase.Cancelled or ExportJobPhase.Unknown;
}
