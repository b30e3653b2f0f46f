namespace MarketoExport.Marketo.Simulator;

/// <summary>API call counters (identity and <c>/_sim</c> calls excluded).</summary>
/// <param name="Total">Every API call received, including rejected ones.</param>
/// <param name="Counted">Calls counted against the rate limit and the daily quota.</param>
/// <param name="InFlight">Calls currently in flight.</param>
/// <param name="MaxInFlight">Most calls ever in flight at once.</param>
/// <param name="PerEndpoint">Calls per endpoint, keyed "METHOD route-template".</param>
/// <param name="RejectedByCode">Calls answered with an error, keyed by Marketo code or "http-NNN".</param>
/// <param name="CountedToday">Calls counted against today's daily quota.</param>
public sealed record CallCounters(
    long Total,
    long Counted,
    int InFlight,
    int MaxInFlight,
    IReadOnlyDictionary<string, long> PerEndpoint,
    IReadOnlyDictionary<string, long> RejectedByCode,
    long CountedToday);
