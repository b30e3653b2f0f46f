using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Orchestrations.Tests.Export;

public sealed class WindowPlannerTests
{
    private static readonly DateTime Jan1 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Plan_Exactly31Days_OneWindowEndingOneSecondBefore()
    {
        IReadOnlyList<ExportWindow> sut = WindowPlanner.Plan(Jan1, Jan1.AddDays(31).AddSeconds(-1));

        ExportWindow only = Assert.Single(sut);
        Assert.Equal(Jan1, only.Start);
        Assert.Equal(new DateTime(2026, 1, 31, 23, 59, 59, DateTimeKind.Utc), only.End);
    }

    [Fact]
    public void Plan_31DaysAndOneSecond_SecondWindowIsTheLastSecond()
    {
        IReadOnlyList<ExportWindow> sut = WindowPlanner.Plan(Jan1, Jan1.AddDays(31));

        Assert.Equal(2, sut.Count);
        Assert.Equal(Jan1.AddDays(31).AddSeconds(-1), sut[0].End);
        Assert.Equal(Jan1.AddDays(31), sut[1].Start);
        Assert.Equal(Jan1.AddDays(31), sut[1].End);
    }

    [Fact]
    public void Plan_Milliseconds_AreStrippedFromBothEnds()
    {
        IReadOnlyList<ExportWindow> sut = WindowPlanner.Plan(Jan1.AddMilliseconds(999), Jan1.AddDays(2).AddMilliseconds(500));

        ExportWindow only = Assert.Single(sut);
        Assert.Equal(0, only.Start.Ticks % TimeSpan.TicksPerSecond);
        Assert.Equal(0, only.End.Ticks % TimeSpan.TicksPerSecond);
        Assert.Equal(Jan1, only.Start);
        Assert.Equal(Jan1.AddDays(2), only.End);
        Assert.Equal(DateTimeKind.Utc, only.Start.Kind);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(400, 31)]
    [InlineData(95, 7)]
    [InlineData(62, 31)]
    [InlineData(3, 1)]
    public void Plan_AnyRange_WindowsTileItWithNoGapNoOverlapAndAtMostMaxDays(int days, int maxDays)
    {
        DateTime end = Jan1.AddDays(days).AddHours(5).AddSeconds(17);

        IReadOnlyList<ExportWindow> sut = WindowPlanner.Plan(Jan1, end, maxDays);

        Assert.Equal(Jan1, sut[0].Start);
        Assert.Equal(end, sut[^1].End);
        for (int i = 0; i < sut.Count; i++)
        {
            Assert.True(sut[i].End >= sut[i].Start);
            Assert.True(sut[i].End - sut[i].Start < TimeSpan.FromDays(maxDays));
            if (i > 0)
            {
                Assert.Equal(sut[i - 1].End.AddSeconds(1), sut[i].Start);
            }
        }
    }

    [Fact]
    public void Plan_EndBeforeStart_Empty()
    {
        Assert.Empty(WindowPlanner.Plan(Jan1, Jan1.AddSeconds(-1)));
    }

    [Fact]
    public void Plan_ShorterThanMinSpan_Empty()
    {
        Assert.Empty(WindowPlanner.Plan(Jan1, Jan1.AddMinutes(59), minSpan: TimeSpan.FromHours(1)));
        Assert.Single(WindowPlanner.Plan(Jan1, Jan1.AddHours(1).AddSeconds(-1), minSpan: TimeSpan.FromHours(1)));
    }

    [Fact]
    public void NextStart_IsOneSecondAfterTheHighWaterMark()
    {
        Assert.Equal(Jan1.AddSeconds(1), WindowPlanner.NextStart(Jan1));
    }

    [Fact]
    public void QuotaClock_NextReset_IsMidnightCentralInUtc()
    {
        // January: CST = UTC-6; July: CDT = UTC-5.
        Assert.Equal(new DateTime(2026, 1, 2, 6, 0, 0, DateTimeKind.Utc), QuotaClock.NextResetUtc(new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2026, 7, 2, 5, 0, 0, DateTimeKind.Utc), QuotaClock.NextResetUtc(new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2026, 1, 1, 6, 0, 0, DateTimeKind.Utc), QuotaClock.DayStartUtc(new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData("leads", ExportObjectKind.Leads, "leads")]
    [InlineData("Activities", ExportObjectKind.Activities, "activities")]
    [InlineData("programMembers", ExportObjectKind.ProgramMembers, "programMembers")]
    [InlineData("customObject:car_c", ExportObjectKind.CustomObject, "car_c")]
    public void ExportObject_TryParse_Valid(string text, ExportObjectKind kind, string name)
    {
        ExportObject? sut = ExportObject.TryParse(text, out string? error);

        Assert.NotNull(sut);
        Assert.Null(error);
        Assert.Equal(kind, sut.Kind);
        Assert.Equal(name, sut.Name);
    }

    [Theory]
    [InlineData("lead")]
    [InlineData("customObject:../x")]
    [InlineData("customObject:")]
    public void ExportObject_TryParse_Invalid_SaysWhy(string text)
    {
        Assert.Null(ExportObject.TryParse(text, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
