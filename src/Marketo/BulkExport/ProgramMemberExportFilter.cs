using System.Text.Json;

namespace MarketoExport.Marketo.BulkExport;

/// <summary>Filter of a program member export job: one of <see cref="ProgramId"/> or <see cref="ProgramIds"/> is required; the rest are ANDed.</summary>
public sealed record ProgramMemberExportFilter : ExportFilter
{
    /// <summary>Members of one program.</summary>
    public int? ProgramId { get; init; }

    /// <summary>Members of up to 10 programs (the file then starts with a <c>programId</c> column).</summary>
    public IReadOnlyList<int>? ProgramIds { get; init; }

    /// <summary>Members updated in the range (may be unsupported: 1035).</summary>
    public ExportDateRange? UpdatedAt { get; init; }

    /// <summary>Only members that are (or are not) exhausted.</summary>
    public bool? IsExhausted { get; init; }

    /// <summary>Only members with this nurture cadence (<c>norm</c> or <c>paus</c>).</summary>
    public string? NurtureCadence { get; init; }

    /// <summary>Only members with one of these status names.</summary>
    public IReadOnlyList<string>? StatusNames { get; init; }

    internal override bool AppliesTo(ExportEntityKind kind) => kind == ExportEntityKind.ProgramMembers;

    internal override void Write(Utf8JsonWriter writer)
    {
        WriteNumber(writer, "programId", ProgramId);
        WriteInts(writer, "programIds", ProgramIds);
        WriteRange(writer, "updatedAt", UpdatedAt);
        if (IsExhausted is { } exhausted)
        {
            writer.WriteBoolean("isExhausted", exhausted);
        }

        WriteString(writer, "nurtureCadence", NurtureCadence);
        WriteStrings(writer, "statusNames", StatusNames);
    }
}
