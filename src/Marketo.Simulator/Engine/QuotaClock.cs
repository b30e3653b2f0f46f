namespace MarketoExport.Marketo.Simulator.Engine;

/// <summary>
/// Maps instants to the quota day. Marketo resets daily quotas at "12:00 AM CST" / "midnight Central Time";
/// the simulator uses America/Chicago with daylight saving (configurable through the zone id).
/// </summary>
internal sealed class QuotaClock(TimeProvider time, string timeZoneId)
{
    private readonly TimeZoneInfo _zone = Resolve(timeZoneId);

    public DateTimeOffset Now => time.GetUtcNow();

    public DateOnly Today => DayOf(Now);

    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);

    private static TimeZoneInfo Resolve(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            // No tz database: fall back to fixed CST (UTC-6) rather than failing.
            return TimeZoneInfo.CreateCustomTimeZone("CST-fixed", TimeSpan.FromHours(-6), "CST", "CST");
        }
    }
}
