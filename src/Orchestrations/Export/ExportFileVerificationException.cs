namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// Thrown by the download activity when the file does not match the job's checksum, size or record count. Nothing
/// is landed; the orchestrator discards the job and exports the window again.
/// </summary>
public sealed class ExportFileVerificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExportFileVerificationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExportFileVerificationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExportFileVerificationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
