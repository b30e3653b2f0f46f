namespace MarketoExport.FunctionApp.Http;

/// <summary>Why a run failed: the exception type and message (never the stack trace).</summary>
public sealed record ExportRunFailure(string ErrorType, string ErrorMessage);
