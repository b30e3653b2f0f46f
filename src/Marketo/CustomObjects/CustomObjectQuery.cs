using System.Text.Json.Nodes;

namespace MarketoExport.Marketo.CustomObjects;

/// <summary>
/// A custom object record query. Simple keys: <see cref="FilterType"/> (<c>idField</c>, <c>dedupeFields</c> or a
/// searchable field) with <see cref="FilterValues"/>. Compound keys: set <see cref="Input"/> (objects holding every
/// dedupe field) and <see cref="FilterType"/> <c>dedupeFields</c>; the client then sends <c>POST ...?_method=GET</c>.
/// Long simple queries are sent the same way so that the URI stays under 8 KB.
/// </summary>
/// <param name="FilterType">The field (group) to match on.</param>
/// <param name="FilterValues">The values to match (ignored when <see cref="Input"/> is set).</param>
public sealed record CustomObjectQuery(string FilterType, IReadOnlyList<string> FilterValues)
{
    /// <summary>Fields to return; null returns marketoGUID, the dedupe fields, createdAt and updatedAt.</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    /// <summary>Records per page (Marketo's maximum and default: 300).</summary>
    public int? BatchSize { get; init; }

    /// <summary>The <c>nextPageToken</c> of the previous page.</summary>
    public string? NextPageToken { get; init; }

    /// <summary>Compound-key lookups; each object holds the dedupe fields of one record.</summary>
    public IReadOnlyList<JsonObject>? Input { get; init; }
}
