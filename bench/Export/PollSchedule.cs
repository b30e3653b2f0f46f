using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Bench.Export;

/// <summary>
/// A status-poll schedule replayed on measured job durations (a model, not a run): when each poll happens after
/// enqueue, so the status calls a job costs and the delay from completion to the poll that sees it.
/// </summary>
internal sealed record PollSchedule(string Name, Func<double?, IEnumerable<double>> PollTimes)
{
    /// <summary>The pipeline before the expected-duration polls: 60 s, then ×1.5 per poll, capped at 5 min.</summary>
    public static PollSchedule Old { get; } = new("old: 60 s, x1.5, cap 5 min", _ => Times(null, Settings(300)));

    /// <summary>
    /// The pipeline's own rule (<see cref="StatusPolls"/>, default settings) with the cap set to <paramref name="cap"/>
    /// seconds, the previous job's duration as the expectation.
    /// </summary>
    public static PollSchedule Pipeline(double cap) => new(
        $"pipeline: expected-duration polls, then 60 s x1.5 capped at {cap:0} s" + (cap == 90 ? " (default)" : string.Empty),
        previous => Times(previous is { } p ? TimeSpan.FromSeconds(p) : null, Settings(cap)));

    public (int Polls, double Delay) Replay(double duration, double? previous)
    {
        int polls = 0;
        foreach (double t in PollTimes(previous))
        {
            polls++;
            if (t >= duration)
            {
                return (polls, t - duration);
            }
        }

        return (polls, double.NaN);
    }

    private static ExportSettings Settings(double capSeconds) => new() { PollMaxDelay = TimeSpan.FromSeconds(capSeconds) };

    /// <summary>Poll times in seconds after enqueue: the planned polls, then the backoff from the step after them.</summary>
    private static IEnumerable<double> Times(TimeSpan? expected, ExportSettings settings)
    {
        IReadOnlyList<TimeSpan> planned = StatusPolls.Planned(expected, settings);
        foreach (TimeSpan at in planned)
        {
            yield return at.TotalSeconds;
        }

        double t = planned.Count > 0 ? planned[^1].TotalSeconds : 0;
        for (int poll = planned.Count; poll < planned.Count + 10_000; poll++)
        {
            t += StatusPolls.Backoff(poll, settings).TotalSeconds;
            yield return t;
        }
    }
}
