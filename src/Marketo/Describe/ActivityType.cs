namespace MarketoExport.Marketo.Describe;

/// <summary>An activity type (<c>activities/types.json</c>); custom types are included and not marked.</summary>
/// <param name="Id">The type id, e.g. 1 for Visit Webpage.</param>
/// <param name="Name">The name.</param>
/// <param name="Description">The description.</param>
/// <param name="ApiName">The API name, when Marketo sends one.</param>
/// <param name="PrimaryAttribute">The primary attribute, if any.</param>
/// <param name="Attributes">The other attributes.</param>
public sealed record ActivityType(
    int Id,
    string Name,
    string? Description,
    string? ApiName,
    ActivityTypeAttribute? PrimaryAttribute,
    IReadOnlyList<ActivityTypeAttribute> Attributes);
