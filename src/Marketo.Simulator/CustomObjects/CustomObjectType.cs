namespace MarketoExport.Marketo.Simulator.CustomObjects;

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
