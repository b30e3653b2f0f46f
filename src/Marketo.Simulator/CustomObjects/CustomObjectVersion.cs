namespace MarketoExport.Marketo.Simulator.CustomObjects;

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
