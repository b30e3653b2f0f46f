namespace MarketoExport.Marketo.CustomObjects;

/// <summary>The body of a create-or-update custom object type call (schema API). Changes land in the type's draft.</summary>
/// <param name="ApiName">The API name: letters, digits and underscore.</param>
/// <param name="DisplayName">The display name.</param>
public sealed record CustomObjectTypeDefinition(string ApiName, string DisplayName)
{
    /// <summary>The plural display name.</summary>
    public string? PluralName { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary>Whether records show in the lead detail page.</summary>
    public bool? ShowInLeadDetail { get; init; }

    /// <summary>The action; null leaves Marketo's default (createOrUpdate).</summary>
    public CustomObjectSyncAction? Action { get; init; }
}
