namespace MarketoExport.Marketo.Simulator.Wire;

internal sealed record ErrorDayDto(string Date, long Total, IReadOnlyList<ErrorCountDto> Errors);
