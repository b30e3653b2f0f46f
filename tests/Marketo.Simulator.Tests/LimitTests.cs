namespace MarketoExport.Marketo.Simulator.Tests;

public sealed class LimitTests
{
    private const string Cheap = "/rest/v1/activities/types.json";

    [Fact]
    public async Task RateLimit_MoreThanLimitInWindow_Returns606UntilWindowSlides()
    {
        await using var sut = await SimulatorSession.StartAsync(o => o.RateLimitCalls = 5);
        await sut.TokenAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await sut.GetJsonAsync(Cheap)).GetProperty("success").GetBoolean());
        }

        var limited = await sut.GetJsonAsync(Cheap);
        sut.Time.Advance(TimeSpan.FromSeconds(20));
        var after = await sut.GetJsonAsync(Cheap);

        Assert.Equal("606", SimulatorSession.ErrorCode(limited));
        Assert.Equal("Max rate limit '5' exceeded with in '20' secs", SimulatorSession.ErrorMessage(limited));
        Assert.True(after.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task Concurrency_MoreThanLimitInFlight_Returns615()
    {
        await using var sut = await SimulatorSession.StartAsync(o => o.MaxConcurrentCalls = 3);
        await sut.TokenAsync();
        using var gate = sut.Control.Hold("/stats/");
        var held = Enumerable.Range(0, 3).Select(_ => sut.GetJsonAsync("/rest/v1/stats/usage.json")).ToList();
        await gate.WaitForHeldAsync(3).WaitAsync(TimeSpan.FromSeconds(10));

        var rejected = await sut.GetJsonAsync(Cheap);
        gate.Release();
        var results = await Task.WhenAll(held);

        Assert.Equal("615", SimulatorSession.ErrorCode(rejected));
        Assert.Equal("Concurrent access limit '3' reached", SimulatorSession.ErrorMessage(rejected));
        Assert.All(results, r => Assert.True(r.GetProperty("success").GetBoolean()));
        Assert.Equal(3, sut.Control.GetCalls().MaxInFlight);
    }

    [Fact]
    public async Task DailyQuota_Reached_Returns607UntilMidnightCentral()
    {
        // 12:00Z on 2026-11-23 is 06:00 in Chicago (CST, UTC-6); the next reset is 2026-11-24T06:00Z.
        await using var sut = await SimulatorSession.StartAsync(o => o.DailyCallQuota = 3);
        await sut.TokenAsync();
        for (var i = 0; i < 3; i++)
        {
            await sut.GetJsonAsync(Cheap);
        }

        var blocked = await sut.GetJsonAsync(Cheap);
        sut.Time.Advance(TimeSpan.FromHours(17) + TimeSpan.FromMinutes(59));
        await sut.TokenAsync();
        var stillBlocked = await sut.GetJsonAsync(Cheap);
        sut.Time.Advance(TimeSpan.FromMinutes(1));
        var reset = await sut.GetJsonAsync(Cheap);

        Assert.Equal("607", SimulatorSession.ErrorCode(blocked));
        Assert.Equal("607", SimulatorSession.ErrorCode(stillBlocked));
        Assert.True(reset.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task Counting_StarredErrorsAndLimitRejections_AreNotCounted()
    {
        await using var sut = await SimulatorSession.StartAsync(o => o.RateLimitCalls = 2);
        await sut.GetJsonAsync(Cheap); // 601, not counted
        await sut.TokenAsync();
        sut.Control.AddFault(SimulatorFault.Error("608", count: 1));
        await sut.GetJsonAsync(Cheap); // 608, not counted

        var first = await sut.GetJsonAsync(Cheap);
        var second = await sut.GetJsonAsync(Cheap);
        var third = await sut.GetJsonAsync(Cheap);

        Assert.True(first.GetProperty("success").GetBoolean());
        Assert.True(second.GetProperty("success").GetBoolean());
        Assert.Equal("606", SimulatorSession.ErrorCode(third));
        var calls = sut.Control.GetCalls();
        Assert.Equal(5, calls.Total);
        Assert.Equal(2, calls.Counted);
        Assert.Equal(1, calls.RejectedByCode["601"]);
        Assert.Equal(1, calls.RejectedByCode["608"]);
        Assert.Equal(1, calls.RejectedByCode["606"]);
    }

    [Fact]
    public async Task UsageStats_AfterCalls_ReportCountedCallsAndErrors()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        await sut.GetJsonAsync(Cheap);
        await sut.GetJsonAsync(Cheap);
        await sut.GetJsonAsync("/rest/v1/nothing.json");

        var usage = SimulatorSession.First(await sut.GetJsonAsync("/rest/v1/stats/usage.json"));
        var week = await sut.GetJsonAsync("/rest/v1/stats/usage/last7days.json");
        var errors = SimulatorSession.First(await sut.GetJsonAsync("/rest/v1/stats/errors.json"));
        var errorWeek = await sut.GetJsonAsync("/rest/v1/stats/errors/last7days.json");

        Assert.Equal("2026-11-23", usage.GetProperty("date").GetString());
        Assert.Equal(4, usage.GetProperty("total").GetInt64()); // two types calls, the 610, and this stats call
        Assert.Equal("sim-api-user@example.com", usage.GetProperty("users")[0].GetProperty("userId").GetString());
        Assert.Equal(7, week.GetProperty("result").GetArrayLength());
        Assert.Equal("610", errors.GetProperty("errors")[0].GetProperty("errorCode").GetString());
        Assert.Equal(1, errors.GetProperty("total").GetInt64());
        Assert.Equal(7, errorWeek.GetProperty("result").GetArrayLength());
    }
}
