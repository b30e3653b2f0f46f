namespace MarketoExport.Marketo.Errors;

/// <summary>607: the daily API call quota is used up. Never retried; calls succeed again after <see cref="MarketoQuotaExceededException.ResetsAt"/>.</summary>
public sealed class MarketoDailyQuotaExceededException : MarketoQuotaExceededException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="requestId">Marketo's request id.</param>
    /// <param name="resetsAt">The next midnight in America/Chicago.</param>
    public MarketoDailyQuotaExceededException(string message, string? requestId, DateTimeOffset resetsAt)
        : base(MarketoErrorCode.DailyQuotaReached, message, requestId, resetsAt)
    {
    }

    /// <summary>The quota in words: <c>daily API call quota (607)</c>.</summary>
    public const string Name = "daily API call quota (607)";

    /// <inheritdoc />
    public override string QuotaName => Name;
}
