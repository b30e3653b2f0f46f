namespace MarketoExport.Marketo.Usage;

/// <summary>API errors on one day (<c>stats/errors.json</c>).</summary>
/// <param name="Date">The day.</param>
/// <param name="Total">Errors that day.</param>
/// <param name="Errors">Counts per code.</param>
public sealed record ApiErrorDay(DateOnly Date, long Total, IReadOnlyList<ApiErrorCount> Errors);
