namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// Marketo's daily quotas reset at midnight US Central time (CST, UTC−6; CDT, UTC−5). Computed from the US daylight
/// saving rule in force since 2007 (from the second Sunday of March, 2:00 local, to the first Sunday of November,
/// 2:00 local) rather than from the machine's time-zone database: orchestrators must give the same answer on every
/// host and on every replay, and a container without tzdata must not shift the reset by an hour.
/// </summary>
public static class QuotaClock
{
    private static readonly TimeSpan Standard = TimeSpan.FromHours(-6);
    private static readonly TimeSpan Daylight = TimeSpan.FromHours(-5);

    /// <summary>The start (UTC) of the quota day containing <paramref name="utcNow"/>.</summary>
    public static DateTime DayStartUtc(DateTime utcNow) => MidnightUtc(LocalDate(utcNow));

    /// <summary>The next reset (UTC) after <paramref name="utcNow"/>.</summary>
    public static DateTime NextResetUtc(DateTime utcNow) => MidnightUtc(LocalDate(utcNow).AddDays(1));

    /// <summary>Whether US Central time observes daylight saving at the instant <paramref name="utc"/>.</summary>
    public static bool IsDaylightSaving(DateTime utc)
    {
        DateTime u = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        // 2:00 CST = 08:00 UTC on the second Sunday of March; 2:00 CDT = 07:00 UTC on the first Sunday of November.
        DateTime start = NthSunday(u.Year, 3, 2).AddHours(8);
        DateTime end = NthSunday(u.Year, 11, 1).AddHours(7);
        return u >= start && u < end;
    }

    private static DateTime LocalDate(DateTime utc)
    {
        DateTime u = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        return (u + (IsDaylightSaving(u) ? Daylight : Standard)).Date;
    }

    // Local midnight is never inside a transition (they happen at 2:00), so its offset is that of 5:00 or 6:00 UTC.
    private static DateTime MidnightUtc(DateTime localDate)
    {
        DateTime asDaylight = DateTime.SpecifyKind(localDate - Daylight, DateTimeKind.Utc);
        return IsDaylightSaving(asDaylight) ? asDaylight : DateTime.SpecifyKind(localDate - Standard, DateTimeKind.Utc);
    }

    private static DateTime NthSunday(int year, int month, int n)
    {
        var first = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc);
        int toSunday = ((int)DayOfWeek.Sunday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(toSunday + (7 * (n - 1)));
    }
}
