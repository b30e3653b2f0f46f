using System.Text.Json;

namespace MarketoExport.Marketo.BulkExport;

/// <summary>Filter of a lead export job; Marketo wants exactly one member set.</summary>
public sealed record LeadExportFilter : ExportFilter
{
    /// <summary>Leads created in the range.</summary>
    public ExportDateRange? CreatedAt { get; init; }

    /// <summary>Leads with any field changed in the range (may be unsupported: 1035).</summary>
    public ExportDateRange? UpdatedAt { get; init; }

    /// <summary>Members of a static list, by id.</summary>
    public int? StaticListId { get; init; }

    /// <summary>Members of a static list, by name.</summary>
    public string? StaticListName { get; init; }

    /// <summary>Members of a smart list, by id (may be unsupported: 1035).</summary>
    public int? SmartListId { get; init; }

    /// <summary>Members of a smart list, by name (may be unsupported: 1035).</summary>
    public string? SmartListName { get; init; }

    internal override bool AppliesTo(ExportEntityKind kind) => kind == ExportEntityKind.Leads;

    internal override void Write(Utf8JsonWriter writer)
    {
        WriteRange(writer, "createdAt", CreatedAt);
        WriteRange(writer, "updatedAt", UpdatedAt);
        WriteListMembership(writer, StaticListId, StaticListName, SmartListId, SmartListName);
    }
}
