namespace MarketoExport.Marketo.Errors;

/// <summary>Why a record was skipped (record-level error, e.g. 1004, 1013).</summary>
/// <param name="Code">The record-level code.</param>
/// <param name="Message">Marketo's message.</param>
public sealed record MarketoRecordReason(MarketoErrorCode Code, string Message);
