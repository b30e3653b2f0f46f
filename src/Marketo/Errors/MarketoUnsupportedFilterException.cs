namespace MarketoExport.Marketo.Errors;

/// <summary>1035: the export filter type (updatedAt, smart list) is not available on this subscription. Not retryable.</summary>
public sealed class MarketoUnsupportedFilterException : MarketoApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="requestId">Marketo's request id.</param>
    public MarketoUnsupportedFilterException(string message, string? requestId)
        : base(MarketoErrorCode.UnsupportedFilterType, message, requestId, isRetryable: false)
    {
    }
}
