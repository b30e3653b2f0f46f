namespace MarketoExport.Orchestrations.Export;

/// <summary>Splits a time range into Marketo export windows. Pure and deterministic.</summary>
public static class WindowPlanner
{
    /// <summary>Marketo's maximum date-range filter span.</summary>
    public const int MaxWindowDays = 31;

    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    /// <summary>Truncates to whole seconds and marks the value UTC.</summary>
    public static DateTime FloorToSecond(DateTime value)
    {
        DateTime utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    /// <summary>The first second after a high-water mark (the start of the next window).</summary>
    public static DateTime NextStart(DateTime highWaterMark) => FloorToSecond(highWaterMark) + OneSecond;

    /// <summary>
    /// Windows covering <c>[start, end]</c> (both inclusive, floored to whole seconds), oldest first, each spanning at
    /// most <paramref name="maxDays"/> days (a full window is <c>maxDays</c> days minus one second, end inclusive).
    /// Returns nothing when the range is empty or shorter than <paramref name="minSpan"/>.
    /// </summary>
    public static IReadOnlyList<ExportWindow> Plan(DateTime start, DateTime end, int maxDays = MaxWindowDays, TimeSpan minSpan = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDays, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDays, MaxWindowDays);
        DateTime s = FloorToSecond(start);
        DateTime last = FloorToSecond(end);
        var windows = new List<ExportWindow>();
        if (last < s || (last - s) + OneSecond < minSpan)
        {
            return windows;
        }

        TimeSpan span = TimeSpan.FromDays(maxDays) - OneSecond;
        while (s <= last)
        {
            DateTime e = last - s > span ? s + span : last;
            windows.Add(new ExportWindow(s, e));
            s = e + OneSecond;
        }

        return windows;
    }
}
