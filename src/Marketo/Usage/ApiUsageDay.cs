namespace MarketoExport.Marketo.Usage;

/// <summary>API calls on one day (<c>stats/usage.json</c>).</summary>
/// <param name="Date">The day (Marketo's calendar).</param>
/// <param name="Total">Calls that day.</param>
/// <param name="Users">Calls per API user.</param>
public sealed record ApiUsageDay(DateOnly Date, long Total, IReadOnlyList<ApiUserUsage> Users);
