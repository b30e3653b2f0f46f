namespace MarketoExport.FunctionApp.Http;

/// <summary>Optional body of <c>POST /api/exports</c>.</summary>
/// <param name="Objects">Objects to export instead of the configured ones.</param>
/// <param name="Since">Start of the range for objects without a checkpoint (UTC).</param>
/// <param name="Until">Inclusive end of the range (UTC); default now minus the safety lag.</param>
public sealed record ExportRunStartRequest(IReadOnlyList<string>? Objects = null, DateTime? Since = null, DateTime? Until = null);
