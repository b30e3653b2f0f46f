using MarketoExport.Marketo.Errors;

namespace MarketoExport.Marketo.Usage;

/// <summary>How often one error code occurred on one day.</summary>
/// <param name="ErrorCode">The code.</param>
/// <param name="Count">Occurrences.</param>
public sealed record ApiErrorCount(MarketoErrorCode ErrorCode, long Count);
