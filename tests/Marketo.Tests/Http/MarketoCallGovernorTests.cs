using MarketoExport.Marketo.BulkExport;
using MarketoExport.Marketo.Http;
using MarketoExport.Marketo.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MarketoExport.Marketo.Tests.Http;

public sealed class MarketoCallGovernorTests
{
    [Fact]
    public async Task AcquireAsync_LimitReached_NextPermitOnlyAfterAFullWindow()
    {
        var clock = MarketoTestHost.NewClock();
        using var sut = CreateSut(clock, calls: 5, window: TimeSpan.FromSeconds(10), concurrency: 100);
        for (var i = 0; i < 5; i++)
        {
            var lease = sut.AcquireAsync(default);
            Assert.True(lease.IsCompleted);
            (await lease).Dispose();
        }

        var sixth = sut.AcquireAsync(default).AsTask();
        clock.Advance(TimeSpan.FromSeconds(9.9));
        var grantedJustBefore = sut.RatePermitsGranted;
        clock.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal(5, grantedJustBefore);
        Assert.Equal(6, sut.RatePermitsGranted);
        (await sixth.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public void AcquireAsync_ManyCallers_NeverMoreThanLimitInAnyWindow()
    {
        var clock = MarketoTestHost.NewClock();
        var window = TimeSpan.FromSeconds(20);
        using var sut = CreateSut(clock, calls: 8, window: window, concurrency: 1000);
        var start = clock.GetUtcNow();
        var pending = Enumerable.Range(0, 60).Select(_ => sut.AcquireAsync(default).AsTask()).ToList();
        var grants = new List<DateTimeOffset>();
        long seen = 0;

        for (var step = 0; step < 1000 && seen < 60; step++)
        {
            var granted = sut.RatePermitsGranted;
            for (; seen < granted; seen++)
            {
                grants.Add(clock.GetUtcNow());
            }

            clock.Advance(TimeSpan.FromMilliseconds(250));
        }

        Assert.Equal(60, grants.Count);
        for (var i = 0; i < grants.Count; i++)
        {
            var inWindow = grants.Count(g => g >= grants[i] && g < grants[i] + window);
            Assert.True(inWindow <= 8, $"{inWindow} permits within {window} starting at {grants[i] - start}");
        }

        // The limiter is not needlessly slow either: 60 permits at 8 per 20 s take under 8 windows.
        Assert.True(grants[^1] - start < window * 8, $"last permit at {grants[^1] - start}");
        Assert.All(pending, t => t.Result.Dispose());
    }

    [Fact]
    public async Task AcquireAsync_ConcurrencyLimit_QueuesUntilASlotIsReleased()
    {
        var clock = MarketoTestHost.NewClock();
        using var sut = CreateSut(clock, calls: 100, window: TimeSpan.FromSeconds(20), concurrency: 3);
        var held = new List<IDisposable>();
        for (var i = 0; i < 3; i++)
        {
            held.Add(await sut.AcquireAsync(default));
        }

        var fourth = sut.AcquireAsync(default).AsTask();
        var queuedBefore = sut.ConcurrencyQueued;
        held[0].Dispose();

        Assert.Equal(1, queuedBefore);
        (await fourth.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        Assert.Equal(0, sut.ConcurrencyQueued);
        held.Skip(1).ToList().ForEach(h => h.Dispose());
    }

    [Fact]
    public async Task Client_TwentyParallelCalls_NeverMoreThanTenInFlight()
    {
        var inFlight = 0;
        var maxInFlight = 0;
        var reachedTen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new StubHttpMessageHandler(async (r, _) =>
        {
            if (r.IsIdentity)
            {
                return StubHttpMessageHandler.Token();
            }

            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            if (now == 10)
            {
                reachedTen.TrySetResult();
            }

            await release.Task;
            Interlocked.Decrement(ref inFlight);
            return StubHttpMessageHandler.Json("""{"success":true,"result":[{"exportId":"e","format":"CSV","status":"Queued","createdAt":"2026-03-02T12:00:00Z"}]}""");
        });
        using var host = new MarketoTestHost(handler, o => o.RateLimitCalls = 100);

        var calls = Enumerable.Range(0, 20).Select(i => host.Client.GetExportJobStatusAsync(ExportEntity.Leads, "e" + i)).ToList();
        await reachedTen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var maxBeforeRelease = Volatile.Read(ref maxInFlight);
        release.SetResult();
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(10, maxBeforeRelease);
        Assert.Equal(10, Volatile.Read(ref maxInFlight));
        Assert.Equal(20, handler.ApiRequests.Count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static MarketoCallGovernor CreateSut(FakeTimeProvider clock, int calls, TimeSpan window, int concurrency) =>
        new(Options.Create(new MarketoClientOptions { RateLimitCalls = calls, RateLimitWindow = window, MaxConcurrentCalls = concurrency }), clock);
}
