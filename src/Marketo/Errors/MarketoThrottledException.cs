namespace MarketoExport.Marketo.Errors;

/// <summary>Marketo throttled the client (606 rate limit or 615 concurrency limit) and the in-client retries ran out. Retry later.</summary>
public sealed class MarketoThrottledException : MarketoApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">606 or 615.</param>
    /// <param name="message">The message.</param>
    /// <param name="requestId">Marketo's request id.</param>
    public MarketoThrottledException(MarketoErrorCode code, string message, string? requestId)
        : base(code, message, requestId, isRetryable: true)
    {
    }
}
