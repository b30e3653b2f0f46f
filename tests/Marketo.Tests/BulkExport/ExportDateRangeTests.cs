using MarketoExport.Marketo.BulkExport;

namespace MarketoExport.Marketo.Tests.BulkExport;

public sealed class ExportDateRangeTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Constructor_ExactlyThirtyOneDays_IsAccepted()
    {
        var sut = new ExportDateRange(Start, Start.AddDays(31));

        Assert.Equal(Start.AddDays(31), sut.EndAt);
    }

    [Fact]
    public void Constructor_MoreThanThirtyOneDays_ThrowsNamingTheLimit()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ExportDateRange(Start, Start.AddDays(31).AddSeconds(1)));

        Assert.Contains("31", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_StartAfterEnd_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ExportDateRange(Start.AddSeconds(1), Start));
    }

    [Fact]
    public void Constructor_StartEqualsEnd_IsAccepted()
    {
        var sut = new ExportDateRange(Start, Start);

        Assert.Equal(sut.StartAt, sut.EndAt);
    }

    [Fact]
    public void Constructor_Milliseconds_AreRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ExportDateRange(Start.AddMilliseconds(1), Start.AddDays(1)));
        Assert.Contains("millisecond", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<ArgumentException>(() => new ExportDateRange(Start, Start.AddDays(1).AddTicks(1)));
    }

    [Fact]
    public void FormatInstant_Offset_WritesUtcWithoutFraction()
    {
        var local = new DateTimeOffset(2026, 1, 31, 18, 59, 59, TimeSpan.FromHours(-5));

        var text = ExportDateRange.FormatInstant(local);

        Assert.Equal("2026-01-31T23:59:59Z", text);
    }
}
