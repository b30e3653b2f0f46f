namespace MarketoExport.Marketo.CustomObjects;

/// <summary>A field to add to a custom object type's draft.</summary>
/// <param name="Name">The field API name.</param>
/// <param name="DisplayName">The display name.</param>
/// <param name="DataType">One of <c>string, boolean, integer, float, link, email, currency, date, datetime, phone, text</c>.</param>
public sealed record CustomObjectFieldDefinition(string Name, string DisplayName, string DataType)
{
    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary>Whether the field is part of the dedupe key (1 to 3 per type).</summary>
    public bool? IsDedupeField { get; init; }

    /// <summary>For link fields: the linked object and field.</summary>
    public CustomObjectLink? RelatedTo { get; init; }
}
