using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Runtime.Embedded.Replay;

namespace MarketoExport.Runtime.Embedded.Tests;

public sealed class TimerAndRetryTests
{
    private static async Task<DateTime> Sleep(IOrchestrationContext context, int minutes)
    {
        await context.CreateTimer(context.CurrentUtcDateTime.AddMinutes(minutes), CancellationToken.None);
        return context.CurrentUtcDateTime;
    }

    [Fact]
    public async Task CreateTimer_BeforeAdvance_DoesNotFireAndAfterAdvance_Fires()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, DateTime>("Sleep", Sleep);
        EmbeddedEngine sut = await host.StartAsync();
        DateTime start = host.Time.GetUtcNow().UtcDateTime;
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Sleep", 60);
        await sut.WaitForPendingTimersAsync(id, 1, CancellationToken.None).WaitAsync(TestEngine.Timeout);

        host.Time.Advance(TimeSpan.FromMinutes(59));
        await host.IdleAsync();
        OrchestrationMetadata? before = await sut.GetInstanceAsync(id);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        OrchestrationMetadata after = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, before!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, after.RuntimeStatus);
        Assert.Equal(start.AddHours(1), System.Text.Json.JsonSerializer.Deserialize<DateTime>(after.SerializedOutput!));
    }

    [Fact]
    public async Task CreateTimer_EngineRestartedBeforeDue_FiresAfterRestart()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, DateTime>("Sleep", Sleep);
        EmbeddedEngine first = await host.StartAsync();
        string id = await first.ScheduleNewOrchestrationInstanceAsync("Sleep", 30);
        await first.WaitForPendingTimersAsync(id, 1, CancellationToken.None).WaitAsync(TestEngine.Timeout);

        await host.StopAsync();
        host.Time.Advance(TimeSpan.FromMinutes(10));
        EmbeddedEngine second = await host.StartAsync();
        await host.IdleAsync();
        OrchestrationMetadata? stillWaiting = await second.GetInstanceAsync(id);
        host.Time.Advance(TimeSpan.FromMinutes(20));
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, stillWaiting!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
    }

    [Fact]
    public async Task CreateTimer_TokenCancelled_TimerLosesAgainstEvent()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, string>("Timeout", async (context, _) =>
        {
            using var cts = new CancellationTokenSource();
            Task timer = context.CreateTimer(context.CurrentUtcDateTime.AddDays(1), cts.Token);
            Task<string> approval = context.WaitForExternalEvent<string>("Approval");
            Task winner = await Task.WhenAny(timer, approval);
            // Cancel(), not CancelAsync(): CancelAsync runs the callbacks on the thread pool, off the replay thread.
            cts.Cancel();
            return winner == approval ? await approval : "timed out";
        });
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Timeout", 0);
        await sut.WaitForPendingTimersAsync(id, 1, CancellationToken.None).WaitAsync(TestEngine.Timeout);

        await sut.RaiseEventAsync(id, "approval", "yes");
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal("\"yes\"", done.SerializedOutput);
    }

    [Fact]
    public async Task RetryPolicy_AlwaysFailing_RunsMaxAttemptsWithBackoffOnTheClock()
    {
        var attempts = new List<(int Attempt, DateTimeOffset At)>();
        await using var host = new TestEngine();
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(10), backoffCoefficient: 2);
        host.Orchestrator<int, int>("Retry", async (context, _) => await context.CallActivityAsync<int>("Flaky", 1, TaskOptions.FromRetryPolicy(policy)))
            .Activity<int, int>("Flaky", (context, _) =>
            {
                lock (attempts)
                {
                    attempts.Add((context.Attempt, host.Time.GetUtcNow()));
                }

                throw new TimeoutException("still down");
            });
        EmbeddedEngine sut = await host.StartAsync();
        DateTimeOffset start = host.Time.GetUtcNow();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Retry", 0);

        await host.UntilAsync(store => store.LoadHistory(id).Count(e => e.Type == HistoryEventType.TimerCreated) == 1);
        host.Time.Advance(TimeSpan.FromSeconds(10));
        await host.UntilAsync(store => store.LoadHistory(id).Count(e => e.Type == HistoryEventType.TimerCreated) == 2);
        host.Time.Advance(TimeSpan.FromSeconds(19));
        await host.IdleAsync();
        int attemptsBeforeSecondWaitEnds = attempts.Count;
        host.Time.Advance(TimeSpan.FromSeconds(1));
        OrchestrationMetadata result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(TimeoutException).FullName, result.FailureDetails!.ErrorType);
        Assert.Equal(2, attemptsBeforeSecondWaitEnds);
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        Assert.Equal([start, start.AddSeconds(10), start.AddSeconds(30)], attempts.Select(a => a.At));
    }

    [Fact]
    public async Task RetryPolicy_SucceedsOnSecondAttempt_ReturnsResult()
    {
        int calls = 0;
        await using var host = new TestEngine();
        var policy = new RetryPolicy(5, TimeSpan.FromMinutes(1));
        host.Orchestrator<int, int>("Retry", async (context, x) => await context.CallActivityAsync<int>("Once", x, TaskOptions.FromRetryPolicy(policy)))
            .Activity<int, int>("Once", (_, x) => Interlocked.Increment(ref calls) == 1 ? throw new IOException("blip") : Task.FromResult(x + 1));
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Retry", 41);
        await sut.WaitForPendingTimersAsync(id, 1, CancellationToken.None).WaitAsync(TestEngine.Timeout);

        host.Time.Advance(TimeSpan.FromMinutes(1));
        OrchestrationMetadata result = await host.WaitAsync(id);

        Assert.Equal("42", result.SerializedOutput);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task RetryPolicy_HandleFailureFalse_DoesNotRetry()
    {
        int calls = 0;
        await using var host = new TestEngine();
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(1)) { HandleFailure = f => !f.IsCausedBy<ArgumentException>() };
        host.Orchestrator<int, int>("Retry", async (context, x) => await context.CallActivityAsync<int>("Bad", x, TaskOptions.FromRetryPolicy(policy)))
            .Activity<int, int>("Bad", (_, _) =>
            {
                Interlocked.Increment(ref calls);
                throw new ArgumentOutOfRangeException("x", "not retryable");
            });
        EmbeddedEngine sut = await host.StartAsync();

        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Retry", 1);
        OrchestrationMetadata result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(1, calls);
        Assert.Equal(typeof(ArgumentOutOfRangeException).FullName, result.FailureDetails!.ErrorType);
    }

    [Fact]
    public async Task RetryPolicy_RetryTimeoutShorterThanNextWait_StopsRetrying()
    {
        int calls = 0;
        await using var host = new TestEngine();
        var policy = new RetryPolicy(10, TimeSpan.FromMinutes(1), backoffCoefficient: 10, retryTimeout: TimeSpan.FromMinutes(5));
        host.Orchestrator<int, int>("Retry", async (context, x) => await context.CallActivityAsync<int>("Down", x, TaskOptions.FromRetryPolicy(policy)))
            .Activity<int, int>("Down", (_, _) =>
            {
                Interlocked.Increment(ref calls);
                throw new IOException("down");
            });
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Retry", 1);
        await sut.WaitForPendingTimersAsync(id, 1, CancellationToken.None).WaitAsync(TestEngine.Timeout);

        host.Time.Advance(TimeSpan.FromMinutes(1));
        OrchestrationMetadata result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(2, calls);
    }
}
