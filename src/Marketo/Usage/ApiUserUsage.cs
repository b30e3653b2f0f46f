namespace MarketoExport.Marketo.Usage;

/// <summary>Calls made by one API user on one day.</summary>
/// <param name="UserId">The API user (its email).</param>
/// <param name="Count">The number of calls.</param>
public sealed record ApiUserUsage(string UserId, long Count);
