namespace MarketoExport.Orchestrations.Export;

/// <summary>Input of the create-job activity.</summary>
/// <param name="Object">What to export (fields, activity types, program ids).</param>
/// <param name="Window">The date range, both ends inclusive.</param>
/// <param name="FilterField">Which date the range filters on.</param>
public sealed record CreateExportJobRequest(ExportObject Object, ExportWindow Window, DateFilterField FilterField)
{
    /// <summary>
    /// The time of the checkpoint's pending-create mark for this window. When the activity runs again (a retry, or a
    /// redelivery after a crash) it first adopts a Created job made since then instead of creating a second one.
    /// </summary>
    public DateTime? PendingSince { get; init; }

    /// <summary>
    /// 1 for the orchestrator's first call for this job, higher for its retries after a transient failure (the
    /// orchestrator retries create itself, so the activity can tell). A first call can still be a redelivery after a
    /// crash; the activity asks the runtime for that (see <c>IActivityEnvironment.DeliveryAttempt</c>).
    /// </summary>
    public int Attempt { get; init; } = 1;
}
