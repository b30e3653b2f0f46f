namespace MarketoExport.Marketo.Simulator.Wire;

internal sealed record ErrorCountDto(string ErrorCode, long Count);
