using System.Text.Json;

namespace MarketoExport.Marketo.BulkExport;

/// <summary>Filter of a custom object export job; Marketo wants exactly one member set.</summary>
public sealed record CustomObjectExportFilter : ExportFilter
{
    /// <summary>Records updated in the range.</summary>
    public ExportDateRange? UpdatedAt { get; init; }

    /// <summary>Records linked to members of a static list of leads, by id.</summary>
    public int? StaticListId { get; init; }

    /// <summary>Records linked to members of a static list of leads, by name.</summary>
    public string? StaticListName { get; init; }

    /// <summary>Records linked to members of a smart list of leads, by id.</summary>
    public int? SmartListId { get; init; }

    /// <summary>Records linked to members of a smart list of leads, by name.</summary>
    public string? SmartListName { get; init; }

    internal override bool AppliesTo(ExportEntityKind kind) => kind == ExportEntityKind.CustomObject;

    internal override void Write(Utf8JsonWriter writer)
    {
        WriteRange(writer, "updatedAt", UpdatedAt);
        WriteListMembership(writer, StaticListId, StaticListName, SmartListId, SmartListName);
    }
}
