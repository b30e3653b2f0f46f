namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// Thrown by the download activity when a Completed job's file is gone (HTTP 404: expired after 7 days, or
/// Marketo lost it). The orchestrator exports the window again with a new job.
/// </summary>
public sealed class ExportFileMissingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExportFileMissingException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExportFileMissingException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExportFileMissingException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
