using System.Text.Json.Nodes;

namespace MarketoExport.Marketo.Simulator.CustomObjects;

// Internal state of the custom-object store (guarded by the store's lock).

internal sealed record CustomObjectField(
    string Name,
    string DisplayName,
    string DataType,
    string? Description,
    bool IsDedupe,
    string? RelatedToName,
    string? RelatedToField);

internal sealed class CustomObjectVersion
{
    public required string DisplayName { get; set; }

    public string? PluralName { get; set; }

    public string? Description { get; set; }

    public bool ShowInLeadDetail { get; set; }

    public List<CustomObjectField> Fields { get; init; } = [];

    public CustomObjectVersion Clone() => new()
    {
        DisplayName = DisplayName,
        PluralName = PluralName,
        Description = Description,
        ShowInLeadDetail = ShowInLeadDetail,
        Fields = [.. Fields],
    };
}

internal sealed class CustomObjectType
{
    public required string ApiName { get; init; }

    public CustomObjectVersion? Approved { get; set; }

    public CustomObjectVersion? Draft { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool Synthetic { get; init; }

    public List<CustomObjectRecord> Records { get; } = [];
}

internal sealed class CustomObjectRecord
{
    public required string MarketoGuid { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public JsonObject Values { get; init; } = [];
}
