namespace MarketoExport.Durable;

/// <summary>A bad durable backend setting: the message names the configuration key and the fix, and never quotes a secret.</summary>
public sealed class DurableConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DurableConfigurationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DurableConfigurationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public DurableConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
