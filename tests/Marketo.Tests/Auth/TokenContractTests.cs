using MarketoExport.Marketo.Simulator;
using MarketoExport.Marketo.Tests.Support;

namespace MarketoExport.Marketo.Tests.Auth;

public sealed class TokenContractTests
{
    [Fact]
    public async Task Call_TokensExpiredServerSide_Gets602RenewsAndSucceeds()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        await sim.Client.GetUsageAsync();
        sim.Control.ExpireTokens();

        var usage = await sim.Client.GetUsageAsync();

        Assert.NotEmpty(usage);
        Assert.Equal(2, sim.Tokens.RefreshCount);
        Assert.Equal(1, sim.Control.GetCalls().RejectedByCode.GetValueOrDefault("602"));
    }

    [Fact]
    public async Task Call_Forced601_RenewsOnceAndSucceeds()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        await sim.Client.GetUsageAsync();
        sim.Control.AddFault(SimulatorFault.Error("601", count: 1));

        await sim.Client.GetUsageAsync();

        Assert.Equal(2, sim.Tokens.RefreshCount);
    }

    [Fact]
    public async Task Call_NearTokenExpiry_RenewsBeforeMarketoRejects()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        await sim.Client.GetUsageAsync();
        sim.Clock.Advance(TimeSpan.FromSeconds(3600 - 30));

        await sim.Client.GetUsageAsync();

        Assert.Equal(2, sim.Tokens.RefreshCount);
        Assert.Equal(0, sim.Control.GetCalls().RejectedByCode.GetValueOrDefault("602"));
    }

    [Fact]
    public async Task Call_TokenWellWithinLifetime_IsReused()
    {
        await using var sim = await SimulatorFixture.StartAsync();

        await sim.Client.GetUsageAsync();
        sim.Clock.Advance(TimeSpan.FromMinutes(30));
        await sim.Client.GetActivityTypesAsync();

        Assert.Equal(1, sim.Tokens.RefreshCount);
    }
}
