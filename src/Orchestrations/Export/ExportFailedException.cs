namespace MarketoExport.Orchestrations.Export;

/// <summary>An object export or a whole run gave up; the message says why and what to do.</summary>
public sealed class ExportFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExportFailedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExportFailedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExportFailedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
