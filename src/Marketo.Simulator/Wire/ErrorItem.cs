namespace MarketoExport.Marketo.Simulator.Wire;

internal sealed record ErrorItem(string Code, string Message);
