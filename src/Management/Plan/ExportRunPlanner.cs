using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Management.Plan;

/// <summary>
/// The one place a run's input is built, for the CLI, the local server, the schedule and Azure: which objects with
/// their fields (as configured; none means every field Marketo describes for the object, which the object's export
/// asks Marketo for with an activity, so a Marketo that cannot be reached fails the run and alerts rather than the
/// start), program ids and
/// the bounds, checked before anything starts. A bound that would skip data (an end later than the export's safe
/// "now") or that is surely a typo (a start before Marketo existed, a plan that would spend days of API calls) is
/// refused with a message naming the option or field.
/// </summary>
public sealed class ExportRunPlanner(TimeProvider timeProvider)
{
    /// <summary>No Marketo data predates the company (2006).</summary>
    public static readonly DateTime EarliestSince = new(2006, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Calls one object's run costs besides its jobs (measured; bench/README.md).</summary>
    public const int CallsPerObjectRun = 5;

    /// <summary>Calls one export job costs (create, enqueue, polls, download, checkpoint writes; measured).</summary>
    public const int CallsPerJob = 10;

    /// <summary>Plans a run of <paramref name="defaults"/> with the caller's <paramref name="request"/> applied.</summary>
    /// <exception cref="ExportPlanException">The request cannot be planned; the message names the option or field.</exception>
    public ExportPlan Plan(ExportPlanDefaults defaults, ExportPlanRequest? request, PlanFieldNames names)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(names);
        request ??= new ExportPlanRequest();
        ExportSettings settings = defaults.Settings;
        IReadOnlyList<ExportObject> objects = PickObjects(defaults, request.Objects, names);

        DateTime now = timeProvider.GetUtcNow().UtcDateTime;
        DateTime safeNow = now - settings.SafetyLag;
        DateTime? since = request.Since?.UtcDateTime ?? defaults.Since;
        DateTime? until = request.Until?.UtcDateTime ?? defaults.Until;
        // Name the input the value came from: the caller's override, or the host's configuration.
        string sinceName = request.Since is null ? defaults.Names.Since : names.Since;
        string untilName = request.Until is null ? defaults.Names.Until : names.Until;
        if (since is { } s && s < EarliestSince)
        {
            throw new ExportPlanException(
                $"{sinceName}: {IsoTime.Format(s)} is before Marketo existed ({IsoTime.Format(EarliestSince)}); give the start of the data you want, e.g. {IsoTime.Example}.");
        }

        if (since is { } s2 && s2 > safeNow)
        {
            throw new ExportPlanException(
                $"{sinceName}: {IsoTime.Format(s2)} is later than now minus the {Minutes(settings.SafetyLag)} safety lag ({IsoTime.Format(safeNow)}); there is nothing to export yet.");
        }

        if (until is { } u && u > safeNow)
        {
            throw new ExportPlanException(
                $"{untilName}: {IsoTime.Format(u)} is later than now minus the {Minutes(settings.SafetyLag)} safety lag ({IsoTime.Format(safeNow)}). "
                + "Records up to then may not exist or still be written, and the checkpoint would pass them; omit it to export up to the safe now.");
        }

        if (since is { } from && until is { } to && to < from)
        {
            throw new ExportPlanException($"{untilName}: {IsoTime.Format(to)} is before {sinceName} {IsoTime.Format(from)}; give an end after the start.");
        }

        foreach (ExportObject o in objects.Where(o => o.Kind == ExportObjectKind.ProgramMembers && o.ProgramIds is not { Count: >= 1 and <= 10 }))
        {
            throw new ExportPlanException($"{names.Objects}: programMembers needs 1 to 10 program ids ({defaults.Names.ProgramIds}), e.g. 1001,1002.");
        }

        IReadOnlyList<ExportObject> planned = objects;

        // An upper bound: as if no object had a checkpoint (a first run from since).
        DateTime start = since ?? now - settings.DefaultLookback;
        DateTime end = until ?? safeNow;
        int windowDays = Math.Clamp(settings.MaxWindowDays, 1, WindowPlanner.MaxWindowDays);
        int windowsPerObject = end > start ? (int)Math.Ceiling((end - start).TotalDays / windowDays) : 0;
        int maxWindows = windowsPerObject * planned.Count;
        long maxCalls = ((long)CallsPerObjectRun * planned.Count) + ((long)CallsPerJob * maxWindows);
        if (maxCalls > defaults.DailyCallQuota && !request.AllowLargeBackfill && !defaults.AllowLargeBackfill)
        {
            throw new ExportPlanException(
                $"{sinceName}: a first run from {IsoTime.Format(start)} plans up to {maxWindows:N0} export jobs and about {maxCalls:N0} API calls, "
                + $"more than the daily call quota ({defaults.DailyCallQuota:N0}). Start later, export fewer objects, or confirm the backfill "
                + $"with {names.AllowLargeBackfill} (it then spans several days, stopping at each quota).");
        }

        var run = new ExportRunRequest(planned, settings) { Since = since, Until = until };
        return new ExportPlan(run, maxWindows, maxCalls);
    }

    private static IReadOnlyList<ExportObject> PickObjects(ExportPlanDefaults defaults, IReadOnlyList<string>? wanted, PlanFieldNames names)
    {
        IReadOnlyList<ExportObject> configured = defaults.Objects;
        if (configured.Count == 0)
        {
            throw new ExportPlanException($"{defaults.Names.Objects}: no object is configured; list at least one of leads, activities, programMembers, customObject:NAME.");
        }

        if (wanted is null)
        {
            return configured;
        }

        if (wanted.Count == 0)
        {
            throw new ExportPlanException($"{names.Objects} is empty; omit it to export every configured object, or list some of them.");
        }

        var picked = new List<ExportObject>();
        foreach (string name in wanted)
        {
            ExportObject? match = configured.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)
                || (o.CustomObjectName is not null && string.Equals($"customObject:{o.CustomObjectName}", name, StringComparison.OrdinalIgnoreCase)));
            if (match is null)
            {
                throw new ExportPlanException(
                    $"{names.Objects}: '{name}' is not configured (configured: {string.Join(", ", configured.Select(o => o.Name))}); list only those, or configure it.");
            }

            if (!picked.Contains(match))
            {
                picked.Add(match);
            }
        }

        return picked;
    }

    private static string Minutes(TimeSpan lag) => lag.TotalMinutes == Math.Floor(lag.TotalMinutes) ? $"{lag.TotalMinutes:0}-minute" : $"{lag}";
}
