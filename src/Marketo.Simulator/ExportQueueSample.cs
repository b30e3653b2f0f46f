namespace MarketoExport.Marketo.Simulator;

/// <summary>The export queue's occupancy after a change.</summary>
/// <param name="At">When.</param>
/// <param name="Queued">Jobs in status Queued.</param>
/// <param name="Processing">Jobs in status Processing.</param>
public sealed record ExportQueueSample(DateTimeOffset At, int Queued, int Processing);
