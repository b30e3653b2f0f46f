namespace MarketoExport.Marketo.Errors;

/// <summary>
/// A daily Marketo quota is used up: the call quota (607, <see cref="MarketoDailyQuotaExceededException"/>) or the bulk
/// export quota (1029, <see cref="MarketoExportQuotaExceededException"/>). Never retried; the quota resets at
/// <see cref="ResetsAt"/>. Callers that only need "stop or wait for the reset" catch this base type.
/// </summary>
public abstract class MarketoQuotaExceededException : MarketoApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The Marketo error code.</param>
    /// <param name="message">The message.</param>
    /// <param name="requestId">Marketo's request id.</param>
    /// <param name="resetsAt">The next midnight in America/Chicago.</param>
    protected MarketoQuotaExceededException(MarketoErrorCode code, string message, string? requestId, DateTimeOffset resetsAt)
        : base(code, message, requestId, isRetryable: false)
    {
        ResetsAt = resetsAt;
    }

    /// <summary>When the quota resets (next midnight America/Chicago).</summary>
    public DateTimeOffset ResetsAt { get; }

    /// <summary>Which quota, in words with its code, e.g. <c>daily API call quota (607)</c>.</summary>
    public abstract string QuotaName { get; }
}
