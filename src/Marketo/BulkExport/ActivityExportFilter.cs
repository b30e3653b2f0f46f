using System.Text.Json;

namespace MarketoExport.Marketo.BulkExport;

/// <summary>Filter of an activity export job: <see cref="CreatedAt"/> is required.</summary>
/// <param name="CreatedAt">Activities created in the range.</param>
public sealed record ActivityExportFilter(ExportDateRange CreatedAt) : ExportFilter
{
    /// <summary>Only these activity type ids.</summary>
    public IReadOnlyList<int>? ActivityTypeIds { get; init; }

    /// <summary>Only these primary attribute value ids (needs <see cref="ActivityTypeIds"/>).</summary>
    public IReadOnlyList<int>? PrimaryAttributeValueIds { get; init; }

    /// <summary>Only these primary attribute values (needs <see cref="ActivityTypeIds"/>).</summary>
    public IReadOnlyList<string>? PrimaryAttributeValues { get; init; }

    internal override bool AppliesTo(ExportEntityKind kind) => kind == ExportEntityKind.Activities;

    internal override void Write(Utf8JsonWriter writer)
    {
        WriteRange(writer, "createdAt", CreatedAt);
        WriteInts(writer, "activityTypeIds", ActivityTypeIds);
        WriteInts(writer, "primaryAttributeValueIds", PrimaryAttributeValueIds);
        WriteStrings(writer, "primaryAttributeValues", PrimaryAttributeValues);
    }
}
