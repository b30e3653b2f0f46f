namespace MarketoExport.Marketo.BulkExport;

/// <summary>The state of a bulk export job. Marketo spells the cancelled state <c>Cancelled</c>; <c>Canceled</c> is read too.</summary>
public enum ExportJobStatus
{
    /// <summary>Created, not yet enqueued.</summary>
    Created,

    /// <summary>Waiting in the shared export queue.</summary>
    Queued,

    /// <summary>Running (at most two jobs per instance).</summary>
    Processing,

    /// <summary>Finished; the file can be downloaded.</summary>
    Completed,

    /// <summary>Failed; see <see cref="ExportJob.ErrorMsg"/>. A failed job must be recreated.</summary>
    Failed,

    /// <summary>Cancelled by a client.</summary>
    Cancelled,
}
