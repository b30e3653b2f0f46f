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
