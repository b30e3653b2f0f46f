namespace MarketoExport.Marketo.Simulator.Wire;

internal sealed record SubscriptionDto(
    bool? UpdatedAtFilterSupported = null,
    bool? SmartListFilterSupported = null,
    bool? CustomObjectSchemaApiEnabled = null,
    StandaloneCustomObjectExportMode? StandaloneCustomObjectExport = null);
