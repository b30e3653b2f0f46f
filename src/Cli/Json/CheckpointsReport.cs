namespace MarketoExport.Cli.Json;

/// <summary><c>checkpoints --json</c>.</summary>
/// <param name="CheckpointObject">The custom object holding the checkpoints.</param>
/// <param name="Objects">One entry per configured object, in order.</param>
public sealed record CheckpointsReport(string CheckpointObject, IReadOnlyList<CheckpointReport> Objects);
