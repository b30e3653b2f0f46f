namespace MarketoExport.Marketo.CustomObjects;

/// <summary>
/// A custom object type as returned by the list, describe and schema-describe endpoints. The schema endpoint's
/// <c>apiName</c> is mapped to <see cref="Name"/>; <see cref="State"/> and <see cref="Version"/> are set by schema calls only.
/// </summary>
/// <param name="Name">The API name, e.g. <c>car_c</c>.</param>
/// <param name="DisplayName">The display name.</param>
/// <param name="Description">The description.</param>
/// <param name="PluralName">The plural display name (schema calls).</param>
/// <param name="CreatedAt">When the type was created (null for a fresh draft).</param>
/// <param name="UpdatedAt">When the type was last changed.</param>
/// <param name="IdField">The id field, normally <c>marketoGUID</c>.</param>
/// <param name="DedupeFields">The dedupe (natural key) fields.</param>
/// <param name="SearchableFields">Field groups usable as query <c>filterType</c>.</param>
/// <param name="Relationships">Link fields to other objects.</param>
/// <param name="Fields">The fields (describe calls; empty from list calls).</param>
/// <param name="State"><c>draft</c>, <c>approved</c> or <c>approvedWithDraft</c> (schema calls).</param>
/// <param name="Version"><c>draft</c> or <c>approved</c>: which version this description shows (schema calls).</param>
public sealed record CustomObjectMetadata(
    string Name,
    string? DisplayName,
    string? Description,
    string? PluralName,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    string? IdField,
    IReadOnlyList<string> DedupeFields,
    IReadOnlyList<IReadOnlyList<string>> SearchableFields,
    IReadOnlyList<CustomObjectRelationship> Relationships,
    IReadOnlyList<CustomObjectFieldMetadata> Fields,
    string? State = null,
    string? Version = null);
