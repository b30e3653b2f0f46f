namespace MarketoExport.Marketo.Errors;

/// <summary>Marketo could not be reached: connection refused, DNS failure, connection reset or timeout, after retries.</summary>
public sealed class MarketoUnreachableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The transport failure.</param>
    public MarketoUnreachableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
