namespace MarketoExport.Marketo.Errors;

/// <summary>
/// Marketo answered with an HTTP error status instead of the JSON envelope: 404 (e.g. an export file that is not
/// ready, expired or unknown), 413 (body too large), 414 (URI too long), 401 on a REST call, or 5xx after retries.
/// </summary>
public sealed class MarketoHttpException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public MarketoHttpException(int statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>Whether the status is a server error (5xx) that may clear when retried later.</summary>
    public bool IsServerError => StatusCode >= 500;
}
