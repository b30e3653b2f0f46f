namespace MarketoExport.Orchestrations.Export;

/// <summary>Input of the export-usage activity: bytes of jobs finished since <paramref name="SinceUtc"/>.</summary>
/// <param name="Objects">Objects whose bulk endpoints are listed (leads, activities and program members share a queue with custom objects).</param>
/// <param name="SinceUtc">Start of the quota day (midnight America/Chicago, in UTC).</param>
public sealed record ExportUsageRequest(IReadOnlyList<ExportObject> Objects, DateTime SinceUtc);
