namespace MarketoExport.Marketo.CustomObjects;

/// <summary>A relationship of a custom object type.</summary>
/// <param name="Field">The link field on this type.</param>
/// <param name="Type"><c>parent</c> or <c>child</c>.</param>
/// <param name="RelatedTo">The linked object and field (Marketo also spells the key <c>object</c>; both are read).</param>
public sealed record CustomObjectRelationship(string Field, string? Type, CustomObjectLink? RelatedTo);
