namespace MarketoExport.Bench.Export;

/// <summary>
/// A status-poll schedule replayed on measured job durations (a model, not a run): when each poll happens after
/// enqueue, so the status calls a job costs and the delay from completion to the poll that sees it.
/// </summary>
internal sealed record PollSchedule(string Name, Func<double?, IEnumerable<double>> PollTimes)
{
    /// <summary>The pipeline today: 60 s, then ×1.5 per poll, capped at 5 min (<c>ExportSettings</c> defaults).</summary>
    public static PollSchedule Current { get; } = new("current: 60 s, x1.5, cap 5 min", _ => Backoff(60, 1.5, 300));

    /// <summary>First poll at the object's previous job duration (60 s for its first), then every <paramref name="step"/> s.</summary>
    public static PollSchedule Expected(double step) => new(
        $"proposed: first poll at the previous window's duration (60 s for the first), then every {step:0} s",
        previous => Fixed(Math.Max(step, previous ?? 60), step));

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

    private static IEnumerable<double> Backoff(double first, double factor, double cap)
    {
        double t = 0;
        double d = first;
        for (int i = 0; i < 10_000; i++)
        {
            t += d;
            yield return t;
            d = Math.Min(d * factor, cap);
        }
    }

    private static IEnumerable<double> Fixed(double first, double step)
    {
        for (int i = 0; i < 10_000; i++)
        {
            yield return first + (i * step);
        }
    }
}
