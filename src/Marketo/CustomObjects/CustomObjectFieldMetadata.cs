namespace MarketoExport.Marketo.CustomObjects;

/// <summary>One field of a custom object type, as described by Marketo.</summary>
/// <param name="Name">The field API name.</param>
/// <param name="DisplayName">The display name.</param>
/// <param name="DataType">The data type, e.g. <c>string</c>, <c>integer</c>, <c>datetime</c>, <c>link</c>.</param>
/// <param name="Description">The description, if any.</param>
/// <param name="Length">The maximum length, for strings.</param>
/// <param name="Updateable">Whether the field can be written.</param>
/// <param name="CrmManaged">Whether a CRM owns the field.</param>
public sealed record CustomObjectFieldMetadata(
    string Name,
    string? DisplayName,
    string DataType,
    string? Description = null,
    int? Length = null,
    bool Updateable = true,
    bool CrmManaged = false);
