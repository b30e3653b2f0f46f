namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// The windows one object export will run, from its checkpoint: an in-flight window first (exactly as recorded),
/// then <c>[high-water mark + 1 s, now − safety lag]</c> (or <c>since</c> on a first run) split by
/// <see cref="WindowPlanner"/>. Shared by the orchestrator and the command line's dry run.
/// </summary>
/// <param name="Windows">Windows, oldest first.</param>
/// <param name="Note">Something a human should know (a stale in-flight id, a future high-water mark).</param>
public sealed record ObjectWindowPlan(IReadOnlyList<ExportWindow> Windows, string? Note)
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    /// <summary>Plans the windows for <paramref name="request"/> at <paramref name="utcNow"/>.</summary>
    public static ObjectWindowPlan Create(ExportCheckpoint checkpoint, ObjectExportRequest request, DateTime utcNow)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(request);
        ExportSettings settings = request.Settings ?? new ExportSettings();
        // The export's safe "now": records younger than the safety lag may still be written, and a high-water mark past
        // it would skip every change made up to it. A later bound (a typo, or a clock far off) is held to it.
        DateTime safeNow = utcNow - settings.SafetyLag;
        DateTime end = WindowPlanner.FloorToSecond(request.Until is { } until && until < safeNow ? until : safeNow);
        DateTime start = checkpoint.HighWaterMark is { } hwm
            ? WindowPlanner.NextStart(hwm)
            : WindowPlanner.FloorToSecond(request.Since ?? utcNow - settings.DefaultLookback);
        int maxDays = Math.Clamp(settings.MaxWindowDays, 1, WindowPlanner.MaxWindowDays);

        var windows = new List<ExportWindow>();
        ExportWindow? inFlight = checkpoint.InFlightExportId is null ? null : checkpoint.InFlightWindow();
        if (inFlight is not null && inFlight.Start == start)
        {
            windows.Add(inFlight);
            windows.AddRange(WindowPlanner.Plan(inFlight.End + OneSecond, end, maxDays, settings.MinWindow));
            return new ObjectWindowPlan(windows, null);
        }

        string? note = null;
        if (inFlight is not null)
        {
            note = $"ignoring in-flight export {checkpoint.InFlightExportId}: its window {inFlight} does not start at {ExportWindow.Iso(start)}";
        }

        if (checkpoint.HighWaterMark is { } mark && start > end + OneSecond)
        {
            note = $"checkpoint high-water mark {ExportWindow.Iso(mark)} is after the export end {ExportWindow.Iso(end)}: nothing to export; "
                + "correct or delete the checkpoint record if the mark is wrong";
        }

        windows.AddRange(WindowPlanner.Plan(start, end, maxDays, settings.MinWindow));
        return new ObjectWindowPlan(windows, note);
    }
}
