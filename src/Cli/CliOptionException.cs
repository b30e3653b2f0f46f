namespace MarketoExport.Cli;

/// <summary>A bad option or configuration value: names the option (and its configuration key) and the fix. Exit code 2.</summary>
public sealed class CliOptionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CliOptionException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CliOptionException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public CliOptionException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
