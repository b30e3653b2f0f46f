using MarketoExport.Marketo.Simulator;

namespace MarketoExport.TestHelpers;

/// <summary>
/// The simulator data sets more than one suite runs on. Each call returns new options a test may change further; the
/// sizes are part of what the suites assert (record counts, ids), so change a preset only with its suites.
/// </summary>
public static class SimulatorPresets
{
    /// <summary>
    /// Small and deterministic (seed 7): two months from 2026-01-01 to 2026-03-01 (two 31-day windows), 90 leads,
    /// 150 activities, 20 program members, 20 custom object records; a 1-second rate-limit window; standalone custom
    /// objects export by <c>updatedAt</c>. The reliability and scale-out suites, where child processes are killed and
    /// resumed, run on it.
    /// </summary>
    /// <param name="jobTickSeconds">
    /// How long a job takes per state (a day by default: jobs then advance only when a test ticks them).
    /// </param>
    public static SimulatorOptions Tiny(double jobTickSeconds = 86_400) => new()
    {
        Seed = 7,
        DataStart = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        DataEnd = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
        Leads = 90,
        Activities = 150,
        ProgramMembers = 20,
        CustomObjectRecords = 20,
        JobTickSeconds = jobTickSeconds,
        RateLimitWindow = TimeSpan.FromSeconds(1),
        StandaloneCustomObjectExport = StandaloneCustomObjectExportMode.ExportByUpdatedAt,
    };

    /// <summary>
    /// Every object and quick jobs (seed 42): six months from 2026-01-01 to 2026-07-01, 300 leads, 1,500 activities,
    /// 200 program members, 200 custom object records; jobs advance every 20 ms; a 1-second rate-limit window;
    /// standalone custom objects export by <c>updatedAt</c>. The command line's and the Function App's end-to-end runs.
    /// </summary>
    public static SimulatorOptions Fast() => new()
    {
        Seed = 42,
        DataStart = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        DataEnd = new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero),
        Leads = 300,
        Activities = 1500,
        ProgramMembers = 200,
        CustomObjectRecords = 200,
        JobTickSeconds = 0.02,
        RateLimitWindow = TimeSpan.FromSeconds(1),
        StandaloneCustomObjectExport = StandaloneCustomObjectExportMode.ExportByUpdatedAt,
    };
}
