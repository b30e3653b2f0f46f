namespace MarketoExport.Orchestrations.Export;

/// <summary>Marketo export job status, plus <see cref="Unknown"/> for a job Marketo no longer knows.</summary>
public enum ExportJobPhase
{
    /// <summary>Created, not enqueued.</summary>
    Created,

    /// <summary>Waiting for a processing slot.</summary>
    Queued,

    /// <summary>Being processed.</summary>
    Processing,

    /// <summary>The file is ready.</summary>
    Completed,

    /// <summary>Failed; must be recreated.</summary>
    Failed,

    /// <summary>Cancelled.</summary>
    Cancelled,

    /// <summary>Not found (expired or never existed).</summary>
    Unknown,
}
