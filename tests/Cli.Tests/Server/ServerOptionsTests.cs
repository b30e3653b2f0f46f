using MarketoExport.Cli.Server;
using Microsoft.Extensions.Configuration;

namespace MarketoExport.Cli.Tests.Server;

public sealed class ServerOptionsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.0.0.2:0", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("https://127.0.0.1:5443", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://example.com:5080", false)]
    public void IsLoopback_Url_Classified(string url, bool expected)
    {
        Assert.Equal(expected, ServerOptions.IsLoopback(url, out string? error));
        Assert.Null(error);
    }

    [Fact]
    public void FromConfiguration_Defaults_LoopbackNightlyUtcNoKey()
    {
        ServerOptions options = ServerOptions.FromConfiguration(Config());

        Assert.Equal(["http://127.0.0.1:5080"], options.Urls);
        Assert.Null(options.ApiKey);
        Assert.False(options.OtelConsole);
        Assert.Equal(TimeZoneInfo.Utc, options.ScheduleTimeZone);
        Assert.Equal(new DateTime(2026, 11, 24, 2, 0, 0, DateTimeKind.Utc), options.Schedule!.GetNextOccurrence(new DateTime(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void FromConfiguration_NonLoopbackWithKey_Accepted()
    {
        ServerOptions options = ServerOptions.FromConfiguration(Config(("Server:Urls", "http://0.0.0.0:8080"), ("Server:ApiKey", "0123456789abcdef0123")));

        Assert.Equal("0123456789abcdef0123", options.ApiKey);
        Assert.DoesNotContain("0123456789abcdef0123", options.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Export:Schedule", "every night", "5 fields, or 6 with seconds first")]
    [InlineData("Export:Schedule", "0 0 0 2 * * *", "5 fields, or 6 with seconds first")]
    [InlineData("Export:ScheduleTimeZone", "Mars/Olympus", "time zone")]
    [InlineData("Server:ApiKey", "short", "16 characters")]
    [InlineData("Server:Urls", "ftp://127.0.0.1:21", "not an http(s) URL")]
    [InlineData("Server:OtelConsole", "yes", "true or false")]
    public void FromConfiguration_BadSetting_ThrowsNamingIt(string key, string value, string expected)
    {
        CliOptionException ex = Assert.Throws<CliOptionException>(() => ServerOptions.FromConfiguration(Config((key, value))));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_ScheduleOff_NoSchedule()
    {
        Assert.Null(ServerOptions.FromConfiguration(Config(("Export:Schedule", "off"))).Schedule);
    }

    [Theory]
    [InlineData("30 2 * * *")]
    [InlineData("0 30 2 * * *")]
    public void FromConfiguration_FiveOrSixFieldSchedule_SameNightlyTime(string cron)
    {
        // Six fields (seconds first) is the NCRONTAB form the Function App's timer reads from the same Export:Schedule.
        ServerOptions options = ServerOptions.FromConfiguration(Config(("Export:Schedule", cron)));

        Assert.Equal(
            new DateTime(2026, 11, 24, 2, 30, 0, DateTimeKind.Utc),
            options.Schedule!.GetNextOccurrence(new DateTime(2026, 11, 23, 2, 30, 0, DateTimeKind.Utc)));
        Assert.Equal(cron, options.ScheduleText);
    }

    [Fact]
    public void FromConfiguration_SixFieldScheduleWithSeconds_KeepsTheSeconds()
    {
        ServerOptions options = ServerOptions.FromConfiguration(Config(("Export:Schedule", "15 0 2 * * *")));

        Assert.Equal(
            new DateTime(2026, 11, 23, 2, 0, 15, DateTimeKind.Utc),
            options.Schedule!.GetNextOccurrence(new DateTime(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc)));
    }

    private static IConfiguration Config(params (string Key, string Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
