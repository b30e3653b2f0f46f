namespace MarketoExport.FunctionApp.Http;

/// <summary>Why a run failed: exception type and message, with the inner failure (never the stack trace).</summary>
public sealed record ExportRunFailure(string ErrorType, string ErrorMessage, ExportRunFailure? InnerFailure);
