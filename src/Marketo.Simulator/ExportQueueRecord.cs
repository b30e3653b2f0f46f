namespace MarketoExport.Marketo.Simulator;

/// <summary>Queue high-water marks and timeline since start (or the last counter reset).</summary>
/// <param name="MaxProcessing">Most jobs ever Processing at once.</param>
/// <param name="MaxQueuedOrProcessing">Most jobs ever Queued + Processing at once.</param>
/// <param name="Timeline">Every occupancy change, oldest first.</param>
public sealed record ExportQueueRecord(int MaxProcessing, int MaxQueuedOrProcessing, IReadOnlyList<ExportQueueSample> Timeline);
