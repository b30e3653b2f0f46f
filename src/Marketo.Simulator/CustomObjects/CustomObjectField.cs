namespace MarketoExport.Marketo.Simulator.CustomObjects;

internal sealed record CustomObjectField(
    string Name,
    string DisplayName,
    string DataType,
    string? Description,
    bool IsDedupe,
    string? RelatedToName,
    string? RelatedToField);
