namespace MarketoExport.Cli;

/// <summary>A bad option or configuration value: names the option (and its configuration key) and the fix.</summary>
public sealed class HostOptionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HostOptionException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public HostOptionException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public HostOptionException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
