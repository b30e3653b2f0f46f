namespace MarketoExport.Marketo.Errors;

/// <summary>
/// Marketo answered with <c>success:false</c>. Carries the first error's code and message, the request id and whether
/// the call may succeed if repeated later. Subtypes exist only where callers branch on them.
/// </summary>
public class MarketoApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The Marketo error code.</param>
    /// <param name="message">The message; should name the cause and what to do.</param>
    /// <param name="requestId">Marketo's request id, if any.</param>
    /// <param name="isRetryable">Whether repeating the call later may succeed.</param>
    /// <param name="innerException">The cause, if any.</param>
    public MarketoApiException(MarketoErrorCode code, string message, string? requestId, bool isRetryable, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        RequestId = requestId;
        IsRetryable = isRetryable;
    }

    /// <summary>The Marketo error code, e.g. <c>606</c>.</summary>
    public MarketoErrorCode Code { get; }

    /// <summary>Marketo's request id (quote it to Adobe support).</summary>
    public string? RequestId { get; }

    /// <summary>Whether repeating the call later may succeed.</summary>
    public bool IsRetryable { get; }
}
