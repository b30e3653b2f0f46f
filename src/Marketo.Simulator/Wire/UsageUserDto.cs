namespace MarketoExport.Marketo.Simulator.Wire;

internal sealed record UsageUserDto(string UserId, long Count);
