namespace MarketoExport.Marketo.Errors;

/// <summary>A Marketo error code (an open set: the string Marketo sends, e.g. <c>"606"</c>).</summary>
/// <param name="Value">The code as Marketo sends it.</param>
public readonly record struct MarketoErrorCode(string Value)
{
    /// <summary>601: access token invalid.</summary>
    public static MarketoErrorCode AccessTokenInvalid { get; } = new("601");

    /// <summary>602: access token expired.</summary>
    public static MarketoErrorCode AccessTokenExpired { get; } = new("602");

    /// <summary>603: access denied.</summary>
    public static MarketoErrorCode AccessDenied { get; } = new("603");

    /// <summary>604: request timed out on Marketo's side.</summary>
    public static MarketoErrorCode RequestTimedOut { get; } = new("604");

    /// <summary>605: HTTP method not supported.</summary>
    public static MarketoErrorCode MethodNotSupported { get; } = new("605");

    /// <summary>606: rate limit (calls per 20 s) exceeded.</summary>
    public static MarketoErrorCode RateLimitExceeded { get; } = new("606");

    /// <summary>607: daily call quota reached.</summary>
    public static MarketoErrorCode DailyQuotaReached { get; } = new("607");

    /// <summary>608: API temporarily unavailable.</summary>
    public static MarketoErrorCode TemporarilyUnavailable { get; } = new("608");

    /// <summary>609: invalid JSON.</summary>
    public static MarketoErrorCode InvalidJson { get; } = new("609");

    /// <summary>610: requested resource not found.</summary>
    public static MarketoErrorCode NotFound { get; } = new("610");

    /// <summary>611: system error.</summary>
    public static MarketoErrorCode SystemError { get; } = new("611");

    /// <summary>612: invalid content type.</summary>
    public static MarketoErrorCode InvalidContentType { get; } = new("612");

    /// <summary>615: concurrent access limit reached.</summary>
    public static MarketoErrorCode ConcurrentAccessLimitReached { get; } = new("615");

    /// <summary>616: invalid subscription type (custom object metadata API).</summary>
    public static MarketoErrorCode InvalidSubscriptionType { get; } = new("616");

    /// <summary>702: no data found.</summary>
    public static MarketoErrorCode NoDataFound { get; } = new("702");

    /// <summary>713: transient error.</summary>
    public static MarketoErrorCode TransientError { get; } = new("713");

    /// <summary>1003: invalid data.</summary>
    public static MarketoErrorCode InvalidData { get; } = new("1003");

    /// <summary>1013: object not found.</summary>
    public static MarketoErrorCode ObjectNotFound { get; } = new("1013");

    /// <summary>1029: bulk export limit (queue full, daily quota, or job already queued).</summary>
    public static MarketoErrorCode BulkExportLimit { get; } = new("1029");

    /// <summary>1035: unsupported filter type for the subscription.</summary>
    public static MarketoErrorCode UnsupportedFilterType { get; } = new("1035");

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The code.</returns>
    public override string ToString() => Value;
}
