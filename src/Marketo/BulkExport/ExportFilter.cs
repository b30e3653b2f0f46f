using System.Text.Json;

namespace MarketoExport.Marketo.BulkExport;

/// <summary>
/// The <c>filter</c> of a bulk export job. The subtypes are the closed set of per-entity filters:
/// <see cref="LeadExportFilter"/>, <see cref="ActivityExportFilter"/>, <see cref="ProgramMemberExportFilter"/>
/// and <see cref="CustomObjectExportFilter"/>. Members left null are not sent. Which combinations are valid is
/// decided by Marketo (or the simulator), which answers with an API error.
/// </summary>
public abstract record ExportFilter
{
    private protected ExportFilter()
    {
    }

    internal abstract bool AppliesTo(ExportEntityKind kind);

    internal abstract void Write(Utf8JsonWriter writer);

    private protected static void WriteRange(Utf8JsonWriter writer, string name, ExportDateRange? range)
    {
        if (range is null)
        {
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString("startAt", ExportDateRange.FormatInstant(range.StartAt));
        writer.WriteString("endAt", ExportDateRange.FormatInstant(range.EndAt));
        writer.WriteEndObject();
    }

    /// <summary>The members that pick records by the lead list they belong to (leads and custom objects).</summary>
    private protected static void WriteListMembership(Utf8JsonWriter writer, int? staticListId, string? staticListName, int? smartListId, string? smartListName)
    {
        WriteNumber(writer, "staticListId", staticListId);
        WriteString(writer, "staticListName", staticListName);
        WriteNumber(writer, "smartListId", smartListId);
        WriteString(writer, "smartListName", smartListName);
    }

    private protected static void WriteNumber(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    private protected static void WriteString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private protected static void WriteInts(Utf8JsonWriter writer, string name, IReadOnlyList<int>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var v in values)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }

    private protected static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var v in values)
        {
            writer.WriteStringValue(v);
        }

        writer.WriteEndArray();
    }
}
