namespace MarketoExport.Marketo.Describe;

/// <summary>One field of a lead database object (leads, program members), as Marketo's describe calls report it.</summary>
/// <param name="Name">The REST API name: what bulk export <c>fields</c> take.</param>
/// <param name="DisplayName">The friendly label, if Marketo sends one.</param>
/// <param name="DataType">
/// Marketo's data type, e.g. <c>string</c>, <c>text</c>, <c>email</c>, <c>phone</c>, <c>integer</c>, <c>score</c>,
/// <c>percent</c>, <c>float</c>, <c>currency</c>, <c>boolean</c>, <c>date</c>, <c>datetime</c>, <c>reference</c>
/// (an open set; <c>string</c> when Marketo omits it).
/// </param>
/// <param name="Length">The maximum length, for string-like types; null when Marketo sends none.</param>
/// <param name="Updateable">Whether the API may write the field (false when Marketo omits it).</param>
/// <param name="CrmManaged">Whether a CRM owns the field (false when Marketo omits it).</param>
public sealed record LeadDatabaseFieldMetadata(
    string Name,
    string? DisplayName,
    string DataType,
    int? Length = null,
    bool Updateable = false,
    bool CrmManaged = false);
