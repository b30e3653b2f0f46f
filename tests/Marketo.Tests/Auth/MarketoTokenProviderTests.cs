using System.Net;
using MarketoExport.Marketo.Auth;
using MarketoExport.Marketo.Errors;
using MarketoExport.Marketo.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MarketoExport.Marketo.Tests.Auth;

public sealed class MarketoTokenProviderTests
{
    [Fact]
    public async Task GetTokenAsync_CalledTwice_FetchesOnce()
    {
        var handler = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Token());
        using var host = new MarketoTestHost(handler, time: MarketoTestHost.NewClock());
        var sut = host.Services.GetRequiredService<MarketoTokenProvider>();

        var first = await sut.GetTokenAsync(default);
        var second = await sut.GetTokenAsync(default);

        Assert.Equal("tok-1", first);
        Assert.Equal(first, second);
        Assert.Equal(1, sut.RefreshCount);
    }

    [Fact]
    public async Task GetTokenAsync_IdentityRequest_UsesQueryParametersUnderIdentity()
    {
        var handler = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Token());
        using var host = new MarketoTestHost(handler, baseUrl: "https://123-ABC-456.mktorest.com/rest/", time: MarketoTestHost.NewClock());
        var sut = host.Services.GetRequiredService<MarketoTokenProvider>();

        await sut.GetTokenAsync(default);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("https://123-abc-456.mktorest.com/identity/oauth/token", request.Uri.GetLeftPart(UriPartial.Path));
        Assert.Contains("grant_type=client_credentials", request.Uri.Query, StringComparison.Ordinal);
        Assert.Contains("client_id=client-id", request.Uri.Query, StringComparison.Ordinal);
        Assert.Null(request.Authorization);
    }

    [Fact]
    public async Task GetTokenAsync_WithinRefreshMargin_FetchesNewToken()
    {
        var clock = MarketoTestHost.NewClock();
        var n = 0;
        var handler = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Token("tok-" + Interlocked.Increment(ref n), 3600));
        using var host = new MarketoTestHost(handler, o => o.TokenRefreshMargin = TimeSpan.FromSeconds(60), clock);
        var sut = host.Services.GetRequiredService<MarketoTokenProvider>();
        Assert.Equal("tok-1", await sut.GetTokenAsync(default));

        clock.Advance(TimeSpan.FromSeconds(3600 - 61));
        var beforeMargin = await sut.GetTokenAsync(default);
        clock.Advance(TimeSpan.FromSeconds(2));
        var insideMargin = await sut.GetTokenAsync(default);

        Assert.Equal("tok-1", beforeMargin);
        Assert.Equal("tok-2", insideMargin);
    }

    [Fact]
    public async Task GetTokenAsync_ConcurrentCallers_ShareOneRefresh()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new StubHttpMessageHandler(async (_, _) =>
        {
            await release.Task;
            return StubHttpMessageHandler.Token();
        });
        using var host = new MarketoTestHost(handler, time: MarketoTestHost.NewClock());
        var sut = host.Services.GetRequiredService<MarketoTokenProvider>();

        var calls = Enumerable.Range(0, 8).Select(_ => sut.GetTokenAsync(default).AsTask()).ToArray();
        release.SetResult();
        var tokens = await Task.WhenAll(calls);

        Assert.All(tokens, t => Assert.Equal("tok-1", t));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Invalidate_CurrentToken_NextCallFetchesAgain()
    {
        var n = 0;
        var handler = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Token("tok-" + Interlocked.Increment(ref n)));
        using var host = new MarketoTestHost(handler, time: MarketoTestHost.NewClock());
        var sut = host.Services.GetRequiredService<MarketoTokenProvider>();
        var first = await sut.GetTokenAsync(default);

        sut.Invalidate("some-other-token");
        var unchanged = await sut.GetTokenAsync(default);
        sut.Invalidate(first);
        var renewed = await sut.GetTokenAsync(default);

        Assert.Equal(first, unchanged);
        Assert.Equal("tok-2", renewed);
    }

    [Fact]
    public async Task GetTokenAsync_Http401_ThrowsAuthenticationExceptionWithoutSecret()
    {
        var handler = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Json("""{"error":"invalid_client","error_description":"Bad client credentials"}""", HttpStatusCode.Unauthorized));
        using var host = new MarketoTestHost(handler, time: MarketoTestHost.NewClock());
        var sut = host.Services.GetRequiredService<MarketoTokenProvider>();

        var ex = await Assert.ThrowsAsync<MarketoAuthenticationException>(() => sut.GetTokenAsync(default).AsTask());

        Assert.Contains("client-id", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Bad client credentials", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(MarketoTestHost.Secret, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(MarketoTestHost.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetTokenAsync_ShortLivedToken_RenewsAtHalfLifeNotEveryCall()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        var n = 0;
        var handler = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Token("tok-" + Interlocked.Increment(ref n), 30));
        using var host = new MarketoTestHost(handler, o => o.TokenRefreshMargin = TimeSpan.FromSeconds(60), clock);
        var sut = host.Services.GetRequiredService<MarketoTokenProvider>();

        var first = await sut.GetTokenAsync(default);
        clock.Advance(TimeSpan.FromSeconds(10));
        var stillCached = await sut.GetTokenAsync(default);
        clock.Advance(TimeSpan.FromSeconds(6));
        var renewed = await sut.GetTokenAsync(default);

        Assert.Equal(first, stillCached);
        Assert.Equal("tok-2", renewed);
    }

    [Fact]
    public async Task GetTokenAsync_MarketoReturnsTheCachedTokenNearItsEnd_UsesItUntilItExpires()
    {
        var clock = MarketoTestHost.NewClock();
        var n = 0;
        var handler = new StubHttpMessageHandler(_ => Interlocked.Increment(ref n) switch
        {
            1 => StubHttpMessageHandler.Token("tok-1", 3600),
            2 => StubHttpMessageHandler.Token("tok-1", 50), // still valid: Marketo answers the same token, 50 s left
            _ => StubHttpMessageHandler.Token("tok-2", 3600),
        });
        using var host = new MarketoTestHost(handler, o => o.TokenRefreshMargin = TimeSpan.FromSeconds(60), clock);
        var sut = host.Services.GetRequiredService<MarketoTokenProvider>();
        await sut.GetTokenAsync(default);

        clock.Advance(TimeSpan.FromSeconds(3550));
        var nearEnd = await sut.GetTokenAsync(default);
        clock.Advance(TimeSpan.FromSeconds(40)); // inside the shrinking margin, still before the end
        var stillCached = await sut.GetTokenAsync(default);
        int fetchesBeforeTheEnd = sut.RefreshCount;
        clock.Advance(TimeSpan.FromSeconds(11));
        var renewed = await sut.GetTokenAsync(default);

        Assert.Equal(("tok-1", "tok-1", "tok-2"), (nearEnd, stillCached, renewed));
        Assert.Equal(2, fetchesBeforeTheEnd);
    }

    [Fact]
    public async Task GetTokenAsync_TokenInItsLastSecond_WaitsASecondOnTheClockAndFetchesANewOne()
    {
        var clock = new ObservableFakeTimeProvider();
        var n = 0;
        var handler = new StubHttpMessageHandler(_ => Interlocked.Increment(ref n) == 1
            ? StubHttpMessageHandler.Token("tok-1", 0)
            : StubHttpMessageHandler.Token("tok-2", 3600));
        using var host = new MarketoTestHost(handler, time: clock);
        var sut = host.Services.GetRequiredService<MarketoTokenProvider>();

        var pending = sut.GetTokenAsync(default).AsTask();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var wait = await clock.Timers.ReadAsync(cts.Token);
        int fetchesDuringTheWait = sut.RefreshCount;
        clock.Advance(wait);
        var token = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(1), wait);
        Assert.Equal(1, fetchesDuringTheWait);
        Assert.Equal("tok-2", token);
    }

    [Fact]
    public async Task GetTokenAsync_LifetimeStaysZero_FailsNamingTheCause()
    {
        var clock = new ObservableFakeTimeProvider();
        var handler = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Token("tok-1", 0));
        using var host = new MarketoTestHost(handler, time: clock);
        var sut = host.Services.GetRequiredService<MarketoTokenProvider>();

        var pending = sut.GetTokenAsync(default).AsTask();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (int i = 0; i < 2; i++)
        {
            clock.Advance(await clock.Timers.ReadAsync(cts.Token));
        }

        var ex = await Assert.ThrowsAsync<MarketoAuthenticationException>(() => pending.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("no usable access token", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, sut.RefreshCount);
    }
}
