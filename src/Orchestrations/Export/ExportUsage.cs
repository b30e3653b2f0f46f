namespace MarketoExport.Orchestrations.Export;

/// <summary>Output of the export-usage activity.</summary>
/// <param name="BytesUsed">Sum of fileSize over jobs finished since the quota day started.</param>
public sealed record ExportUsage(long BytesUsed);
