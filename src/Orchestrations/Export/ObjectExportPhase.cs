namespace MarketoExport.Orchestrations.Export;

/// <summary>Where an object export is (its custom status).</summary>
public enum ObjectExportPhase
{
    /// <summary>Reading the checkpoint.</summary>
    ReadingCheckpoint,

    /// <summary>Checking the daily export quota.</summary>
    CheckingQuota,

    /// <summary>Creating the job.</summary>
    Creating,

    /// <summary>Enqueuing the job.</summary>
    Enqueuing,

    /// <summary>Waiting: Marketo's queue is full (1029).</summary>
    QueueFull,

    /// <summary>Job queued.</summary>
    Queued,

    /// <summary>Job processing.</summary>
    Processing,

    /// <summary>Downloading and verifying the file.</summary>
    Downloading,

    /// <summary>Writing the checkpoint.</summary>
    Checkpointing,

    /// <summary>Waiting for the daily quota reset.</summary>
    WaitingForQuota,

    /// <summary>Finished.</summary>
    Done,
}
