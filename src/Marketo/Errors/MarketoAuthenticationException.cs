namespace MarketoExport.Marketo.Errors;

/// <summary>The identity endpoint refused the client credentials (HTTP 401), or a fresh token was rejected again. The message never contains the secret.</summary>
public sealed class MarketoAuthenticationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message (without secrets).</param>
    /// <param name="innerException">The cause, if any.</param>
    public MarketoAuthenticationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
