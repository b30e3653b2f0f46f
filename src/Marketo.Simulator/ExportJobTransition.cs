namespace MarketoExport.Marketo.Simulator;

/// <summary>One status change of an export job.</summary>
/// <param name="Status">The new status (Created, Queued, Processing, Completed, Failed, Cancelled).</param>
/// <param name="At">When it happened, on the simulator's clock.</param>
public sealed record ExportJobTransition(string Status, DateTimeOffset At);
