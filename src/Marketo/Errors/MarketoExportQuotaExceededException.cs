namespace MarketoExport.Marketo.Errors;

/// <summary>1029 "Export daily quota exceeded": no export job can be created or enqueued until <see cref="MarketoQuotaExceededException.ResetsAt"/>. Never retried.</summary>
public sealed class MarketoExportQuotaExceededException : MarketoQuotaExceededException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="requestId">Marketo's request id.</param>
    /// <param name="resetsAt">The next midnight in America/Chicago.</param>
    public MarketoExportQuotaExceededException(string message, string? requestId, DateTimeOffset resetsAt)
        : base(MarketoErrorCode.BulkExportLimit, message, requestId, resetsAt)
    {
    }

    /// <summary>The quota in words: <c>daily export quota (1029)</c>.</summary>
    public const string Name = "daily export quota (1029)";

    /// <inheritdoc />
    public override string QuotaName => Name;
}
