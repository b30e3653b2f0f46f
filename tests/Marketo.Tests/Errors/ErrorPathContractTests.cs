using System.Text.Json.Nodes;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Marketo.Errors;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Marketo.Tests.Support;

namespace MarketoExport.Marketo.Tests.Errors;

public sealed class ErrorPathContractTests
{
    [Theory]
    [InlineData("606")]
    [InlineData("615")]
    [InlineData("604")]
    [InlineData("608")]
    [InlineData("611")]
    [InlineData("713")]
    public async Task Call_TransientCodeTwice_RetriedThenSucceeds(string code)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Control.AddFault(SimulatorFault.Error(code, count: 2, pathContains: "/stats/usage.json"));
        sim.Control.ResetCounters();

        var usage = await sim.Client.GetUsageAsync();

        Assert.NotEmpty(usage);
        Assert.Equal(3, sim.Control.GetCalls().Total);
    }

    [Fact]
    public async Task Call_ThrottledBeyondRetries_ThrowsThrottled()
    {
        await using var sim = await SimulatorFixture.StartAsync(configureClient: o => o.MaxRetryAttempts = 2);
        sim.Control.AddFault(SimulatorFault.Error("606", count: null, pathContains: "/stats/usage.json"));
        sim.Control.ResetCounters();

        var ex = await Assert.ThrowsAsync<MarketoThrottledException>(() => sim.Client.GetUsageAsync());

        Assert.Equal(MarketoErrorCode.RateLimitExceeded, ex.Code);
        Assert.NotNull(ex.RequestId);
        Assert.Equal(3, sim.Control.GetCalls().Total);
    }

    [Fact]
    public async Task Call_DailyQuotaUsedUp_Throws607OnceWithResetAtMidnightCentral()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Control.ExhaustDailyCallQuota();
        sim.Control.ResetCounters();

        var ex = await Assert.ThrowsAsync<MarketoDailyQuotaExceededException>(() => sim.Client.GetActivityTypesAsync());

        Assert.Equal(1, sim.Control.GetCalls().Total);
        var central = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        Assert.Equal(TimeSpan.Zero, TimeZoneInfo.ConvertTime(ex.ResetsAt, central).TimeOfDay);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Call_ServerErrorOnce_RetriedThenSucceeds(int status)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Control.AddFault(SimulatorFault.Http(status, count: 1, pathContains: "/activities/types.json"));
        sim.Control.ResetCounters();

        var types = await sim.Client.GetActivityTypesAsync();

        Assert.NotEmpty(types);
        Assert.Equal(2, sim.Control.GetCalls().Total);
    }

    [Fact]
    public async Task Call_ServerErrorEveryTime_ThrowsHttpExceptionAfterRetries()
    {
        await using var sim = await SimulatorFixture.StartAsync(configureClient: o => o.MaxRetryAttempts = 2);
        sim.Control.AddFault(SimulatorFault.Http(502, count: null, pathContains: "/activities/types.json"));

        var ex = await Assert.ThrowsAsync<MarketoHttpException>(() => sim.Client.GetActivityTypesAsync());

        Assert.Equal(502, ex.StatusCode);
    }

    [Fact]
    public async Task Call_UriOver8KB_ThrowsHttp414WithoutRetry()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Control.ResetCounters();

        var ex = await Assert.ThrowsAsync<MarketoHttpException>(() => sim.Client.GetExportJobStatusAsync(ExportEntity.Leads, new string('x', 9000)));

        Assert.Equal(414, ex.StatusCode);
        Assert.True(sim.Control.GetCalls().Total <= 1);
    }

    [Fact]
    public async Task Call_BodyOver1MB_ThrowsHttp413WithoutRetry()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var records = Enumerable.Range(0, 300).Select(i => new JsonObject { ["vIN"] = "V" + i, ["make"] = new string('m', 4000) }).ToList();

        var ex = await Assert.ThrowsAsync<MarketoHttpException>(() => sim.Client.SyncCustomObjectsAsync("car_c", records));

        Assert.Equal(413, ex.StatusCode);
    }

    [Fact]
    public async Task Identity_WrongSecret_ThrowsAuthenticationWithoutSecret()
    {
        await using var sim = await SimulatorFixture.StartAsync(configureClient: o => o.ClientSecret = "wrong-secret-value");

        var ex = await Assert.ThrowsAsync<MarketoAuthenticationException>(() => sim.Client.GetUsageAsync());

        Assert.DoesNotContain("wrong-secret-value", ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("Marketo:ClientSecret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_SimulatorStopped_ThrowsUnreachable()
    {
        var sim = await SimulatorFixture.StartAsync(configureClient: o => o.MaxRetryAttempts = 1);
        var client = sim.Client;
        await sim.Simulator.DisposeAsync();

        var ex = await Assert.ThrowsAsync<MarketoUnreachableException>(() => client.GetUsageAsync());

        Assert.Contains("2 attempts", ex.Message, StringComparison.Ordinal);
        sim.Host.Dispose();
    }
}
