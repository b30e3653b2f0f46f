namespace MarketoExport.Marketo.Simulator.Wire;

internal sealed record UsageDayDto(string Date, long Total, IReadOnlyList<UsageUserDto> Users);
