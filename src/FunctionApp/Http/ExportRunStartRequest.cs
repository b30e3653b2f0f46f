namespace MarketoExport.FunctionApp.Http;

/// <summary>Optional body of <c>POST /api/exports</c> (the local server's start body).</summary>
/// <param name="Objects">A subset of the configured objects to export.</param>
/// <param name="Since">Start of the range for objects without a checkpoint.</param>
/// <param name="Until">Inclusive end of the range; default now minus the safety lag.</param>
public sealed record ExportRunStartRequest(IReadOnlyList<string>? Objects = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null);
