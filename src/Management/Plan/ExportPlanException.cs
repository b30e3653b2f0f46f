namespace MarketoExport.Management.Plan;

/// <summary>
/// A run cannot be planned as asked: the message names the option or field (in the words of the caller: a CLI
/// option, a configuration key or a JSON field) and what to do. Nothing was started.
/// </summary>
public sealed class ExportPlanException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExportPlanException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExportPlanException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExportPlanException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
