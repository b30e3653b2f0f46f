namespace MarketoExport.Activities.Landing;

/// <summary>The <c>Landing</c> configuration is incomplete or contradictory; the message names the key and the fix.</summary>
public sealed class LandingConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LandingConfigurationException()
    {
    }

    /// <summary>Creates the exception with a message naming the key and the fix.</summary>
    public LandingConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public LandingConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
