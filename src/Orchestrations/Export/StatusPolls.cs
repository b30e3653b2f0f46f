namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// When an enqueued job's status is polled: arithmetic on <see cref="ExportSettings"/> only, so the orchestration
/// (<see cref="ObjectExportOrchestrator"/>) and bench/Export's replay of the schedule use the same rule.
/// </summary>
public static class StatusPolls
{
    /// <summary>The probes at a third and three quarters of a long expected duration are made when that third is at least this many first delays.</summary>
    public const int ProbeMinimumFirstDelays = 2;

    /// <summary>
    /// The polls made before the backoff, as offsets from enqueue, when the job's duration can be expected: at 0.9 ×
    /// the expected duration (early rather than late) and at the expected end. A long expectation (at least
    /// <see cref="ProbeMinimumFirstDelays"/> × 3 first delays) first gets probes at a third and at three quarters of
    /// it: consecutive windows of one object often differ by a quarter, and now and then a job is much shorter than
    /// its predecessor (a quiet month after a busy one); without the probes such a job would hold its export slot
    /// for most of the predicted time. Polls before <see cref="ExportSettings.PollFirstDelay"/> or less than a quarter
    /// of it apart are dropped (the expected end then moves to a quarter after the 0.9 poll). Empty without an
    /// expectation, or when 0.9 × it is not past the first delay.
    /// </summary>
    public static IReadOnlyList<TimeSpan> Planned(TimeSpan? expected, ExportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var planned = new List<TimeSpan>();
        if (expected is not { } e || e * 0.9 <= settings.PollFirstDelay)
        {
            return planned;
        }

        TimeSpan minGap = settings.PollFirstDelay / 4;
        TimeSpan last = TimeSpan.Zero;
        void Add(TimeSpan at)
        {
            if (at >= settings.PollFirstDelay && at - last >= minGap)
            {
                planned.Add(at);
                last = at;
            }
        }

        if (e / 3 >= settings.PollFirstDelay * ProbeMinimumFirstDelays)
        {
            Add(e / 3);
            Add(e * 0.75);
        }

        Add(e * 0.9);
        Add(e - last >= minGap ? e : last + minGap);
        return planned;
    }

    /// <summary>Delay before poll <paramref name="poll"/> (0 is the first): PollFirstDelay × PollBackoff^n, capped at PollMaxDelay.</summary>
    public static TimeSpan Backoff(int poll, ExportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        double ticks = settings.PollFirstDelay.Ticks * Math.Pow(Math.Max(1.0, settings.PollBackoff), poll);
        return ticks >= settings.PollMaxDelay.Ticks ? settings.PollMaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
