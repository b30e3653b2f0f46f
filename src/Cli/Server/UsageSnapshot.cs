namespace MarketoExport.Cli.Server;

/// <summary>Today's Marketo usage for the status page.</summary>
/// <param name="ApiCallsToday">API calls used today (<c>stats/usage.json</c>), or null when unavailable.</param>
/// <param name="ExportBytesToday">Bulk export bytes used today (jobs finished since midnight US Central), or null when unavailable.</param>
/// <param name="ExportQuotaBytes">The daily export quota.</param>
/// <param name="Error">Why a figure is unavailable.</param>
/// <param name="FetchedAt">When the figures were read.</param>
public sealed record UsageSnapshot(long? ApiCallsToday, long? ExportBytesToday, long ExportQuotaBytes, string? Error, DateTimeOffset FetchedAt);
