using MarketoExport.Marketo.Errors;

namespace MarketoExport.Marketo.CustomObjects;

/// <summary>The outcome of one input record of a custom object sync or delete, in input order.</summary>
/// <param name="Seq">The index of the record in the input.</param>
/// <param name="MarketoGuid">The record id, when written.</param>
/// <param name="Status">What happened.</param>
/// <param name="Reasons">Why it was skipped (empty otherwise).</param>
public sealed record CustomObjectRecordResult(int Seq, string? MarketoGuid, CustomObjectRecordStatus Status, IReadOnlyList<MarketoRecordReason> Reasons);
