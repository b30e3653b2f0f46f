namespace MarketoExport.Marketo.Simulator.Wire;

internal sealed record ExportUsageDto(long BytesUsedToday, long QuotaBytes);
