namespace MarketoExport.Bench.Export;

/// <summary>
/// A status-poll schedule replayed on measured job durations (a model, not a run): when each poll happens after
/// enqueue, so the status calls a job costs and the delay from completion to the poll that sees it.
/// </summary>
internal sealed record PollSchedule(string Name, Func<double?, IEnumerable<double>> PollTimes)
{
    /// <summary>The pipeline before the expected-duration polls: 60 s, then ×1.5 per poll, capped at 5 min.</summary>
    public static PollSchedule Old { get; } = new("old: 60 s, x1.5, cap 5 min", _ => Backoff(60, 1.5, 300, 0));

    /// <summary>
    /// The pipeline's schedule (<c>ObjectExportFlow</c>) with a given cap: with an expected duration e (the previous
    /// job's), polls at e/3 and 0.75 e when e/3 is at least 2 min, at 0.9 e (when past 60 s) and at e (at least 15 s after), then
    /// 60 s × 1.5^n (n = polls so far) capped; without one, the backoff alone.
    /// </summary>
    public static PollSchedule Pipeline(double cap) => new(
        $"pipeline: expected-duration polls, then 60 s x1.5 capped at {cap:0} s" + (cap == 90 ? " (default)" : string.Empty),
        previous => PipelineTimes(previous, cap));

    private static IEnumerable<double> PipelineTimes(double? expected, double cap)
    {
        var planned = new List<double>();
        if (expected is { } e && e * 0.9 > 60)
        {
            void Add(double at)
            {
                double last = planned.Count > 0 ? planned[^1] : 0;
                if (at >= 60 && at - last >= 15)
                {
                    planned.Add(at);
                }
            }

            if (e / 3 >= 120)
            {
                Add(e / 3);
                Add(e * 0.75);
            }

            Add(e * 0.9);
            Add(e - planned[^1] >= 15 ? e : planned[^1] + 15);
        }

        foreach (double t in planned)
        {
            yield return t;
        }

        foreach (double t in Backoff(60, 1.5, cap, planned.Count).Select(d => d + (planned.Count > 0 ? planned[^1] : 0)))
        {
            yield return t;
        }
    }

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

    /// <summary>Poll times of first × factor^n capped, starting at step <paramref name="from"/>.</summary>
    private static IEnumerable<double> Backoff(double first, double factor, double cap, int from)
    {
        double t = 0;
        for (int i = from; i < from + 10_000; i++)
        {
            t += Math.Min(first * Math.Pow(factor, i), cap);
            yield return t;
        }
    }
}
