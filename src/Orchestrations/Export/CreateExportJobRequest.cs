namespace MarketoExport.Orchestrations.Export;

/// <summary>Input of the create-job activity.</summary>
/// <param name="Object">What to export (fields, activity types, program ids).</param>
/// <param name="Window">The date range, both ends inclusive.</param>
/// <param name="FilterField">Which date the range filters on.</param>
public sealed record CreateExportJobRequest(ExportObject Object, ExportWindow Window, DateFilterField FilterField);
