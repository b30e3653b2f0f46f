namespace MarketoExport.Cli.Json;

/// <summary>A window: both ends inclusive, whole seconds, UTC.</summary>
/// <param name="Start">First second.</param>
/// <param name="End">Last second.</param>
public sealed record WindowReport(DateTime Start, DateTime End);
