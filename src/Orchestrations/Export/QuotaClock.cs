namespace MarketoExport.Orchestrations.Export;

/// <summary>Marketo's daily quotas reset at midnight US Central time (CST/CDT). Pure: time zone rules only.</summary>
public static class QuotaClock
{
    private static readonly TimeZoneInfo Central = FindCentral();

    /// <summary>The start (UTC) of the quota day containing <paramref name="utcNow"/>.</summary>
    public static DateTime DayStartUtc(DateTime utcNow)
    {
        DateTime local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), Central);
        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local.Date, DateTimeKind.Unspecified), Central);
    }

    /// <summary>The next reset (UTC) after <paramref name="utcNow"/>.</summary>
    public static DateTime NextResetUtc(DateTime utcNow)
    {
        DateTime local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), Central);
        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local.Date.AddDays(1), DateTimeKind.Unspecified), Central);
    }

    private static TimeZoneInfo FindCentral()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        }
        catch (TimeZoneNotFoundException)
        {
            // No tz database (minimal containers): CST without daylight saving is off by at most an hour in summer.
            return TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(-6), "Central", "Central");
        }
    }
}
