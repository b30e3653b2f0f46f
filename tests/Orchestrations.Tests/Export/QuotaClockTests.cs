using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Orchestrations.Tests.Export;

public sealed class QuotaClockTests
{
    [Fact]
    public void DayStartAndNextReset_EveryHourFrom2007To2040_AgreeWithTheTimeZoneDatabase()
    {
        // The orchestrators compute US Central time from the DST rule; the test machine's tz database is the reference.
        TimeZoneInfo chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        for (DateTime t = new(2007, 1, 1, 0, 30, 0, DateTimeKind.Utc); t.Year <= 2040; t = t.AddHours(1))
        {
            DateTime local = TimeZoneInfo.ConvertTimeFromUtc(t, chicago);
            DateTime expectedStart = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local.Date, DateTimeKind.Unspecified), chicago);
            DateTime expectedReset = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local.Date.AddDays(1), DateTimeKind.Unspecified), chicago);

            Assert.True(QuotaClock.DayStartUtc(t) == expectedStart, $"day start at {t:O}: {QuotaClock.DayStartUtc(t):O}, tz database {expectedStart:O}");
            Assert.True(QuotaClock.NextResetUtc(t) == expectedReset, $"next reset at {t:O}: {QuotaClock.NextResetUtc(t):O}, tz database {expectedReset:O}");
        }
    }

    [Theory]
    [InlineData("2026-03-08T07:59:59Z", false)] // 01:59:59 CST, the second Sunday of March
    [InlineData("2026-03-08T08:00:00Z", true)]  // 03:00 CDT
    [InlineData("2026-11-01T06:59:59Z", true)]  // 01:59:59 CDT, the first Sunday of November
    [InlineData("2026-11-01T07:00:00Z", false)] // 01:00 CST
    public void IsDaylightSaving_AtTheTransitions(string utc, bool expected)
    {
        DateTime t = DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);

        Assert.Equal(expected, QuotaClock.IsDaylightSaving(t));
    }
}
