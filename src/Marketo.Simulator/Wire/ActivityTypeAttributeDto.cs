namespace MarketoExport.Marketo.Simulator.Wire;

internal sealed record ActivityTypeAttributeDto(string Name, string DataType);
