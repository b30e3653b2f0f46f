namespace MarketoExport.Marketo.Errors;

/// <summary>
/// 1029 "Too many jobs in queue": ten export jobs are already queued or processing. Not retried inside the client;
/// retry the enqueue later on a durable timer (minutes, not seconds).
/// </summary>
public sealed class MarketoExportQueueFullException : MarketoApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="requestId">Marketo's request id.</param>
    public MarketoExportQueueFullException(string message, string? requestId)
        : base(MarketoErrorCode.BulkExportLimit, message, requestId, isRetryable: true)
    {
    }
}
