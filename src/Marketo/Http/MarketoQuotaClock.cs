namespace MarketoExport.Marketo.Http;

/// <summary>Marketo's daily quotas reset at midnight Central time (America/Chicago, with daylight saving).</summary>
internal static class MarketoQuotaClock
{
    private static readonly TimeZoneInfo Central = FindCentral();

    public static DateTimeOffset NextReset(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Central);
        var nextMidnight = local.Date.AddDays(1);
        var offset = Central.GetUtcOffset(nextMidnight);
        return new DateTimeOffset(nextMidnight, offset);
    }

    private static TimeZoneInfo FindCentral()
    {
        foreach (var id in new[] { "America/Chicago", "Central Standard Time" })
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (TimeZoneNotFoundException)
            {
            }
            catch (InvalidTimeZoneException)
            {
            }
        }

        // No time zone data: fall back to CST without daylight saving.
        return TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(-6), "CST", "CST");
    }
}
