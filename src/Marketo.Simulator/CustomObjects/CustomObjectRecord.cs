using System.Text.Json.Nodes;

namespace MarketoExport.Marketo.Simulator.CustomObjects;

internal sealed class CustomObjectRecord
{
    public required string MarketoGuid { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public JsonObject Values { get; init; } = [];
}
