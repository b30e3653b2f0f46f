namespace MarketoExport.Marketo.Simulator.Wire;

internal sealed record ActivityTypeDto(
    int Id,
    string Name,
    string Description,
    ActivityTypeAttributeDto? PrimaryAttribute,
    IReadOnlyList<ActivityTypeAttributeDto> Attributes);
