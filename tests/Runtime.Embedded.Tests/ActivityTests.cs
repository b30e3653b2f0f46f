using MarketoExport.Orchestrations.Abstractions;

namespace MarketoExport.Runtime.Embedded.Tests;

public sealed class ActivityTests
{
    [Fact]
    public async Task FanOut_FiftyActivitiesWithLimitTwo_NeverMoreThanTwoInFlight()
    {
        int current = 0;
        int max = 0;
        var pairSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = new TestEngine(o => o.MaxConcurrentActivities = 2);
        host.Orchestrator<int, int>("FanOut", async (context, count) =>
        {
            int[] results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>("Probe", i)));
            return results.Sum();
        }).Activity<int, int>("Probe", async (_, i) =>
        {
            int now = Interlocked.Increment(ref current);
            InterlockedMax(ref max, now);
            if (now >= 2)
            {
                pairSeen.TrySetResult();
            }

            // Hold the slot until a second activity has been admitted once, so that a throttle that admitted
            // more would show it; later activities pass straight through.
            await pairSeen.Task.WaitAsync(TestEngine.Timeout);
            await Task.Yield();
            Interlocked.Decrement(ref current);
            return i;
        });
        EmbeddedEngine sut = await host.StartAsync();

        string id = await sut.ScheduleNewOrchestrationInstanceAsync("FanOut", 50);
        OrchestrationMetadata result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, 50).Sum().ToString(System.Globalization.CultureInfo.InvariantCulture), result.SerializedOutput);
        Assert.Equal(2, max);
    }

    [Fact]
    public async Task Result_DeliveredTwice_RecordedOnceAndFirstResultWins()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, int>("Dup", async (context, x) => await context.CallActivityAsync<int>("Id", x) + await context.WaitForExternalEvent<int>("more"))
            .Activity<int, int>("Id", (_, x) => Task.FromResult(x));
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Dup", 1);
        await host.UntilAsync(store => store.LoadHistory(id).Any(e => e.Type == Replay.HistoryEventType.TaskCompleted));

        await sut.InjectMessageAsync(id, new Replay.HistoryEvent(Replay.HistoryEventType.TaskCompleted, 0, DateTime.UnixEpoch) { Data = "999" });
        await host.IdleAsync();
        await sut.RaiseEventAsync(id, "more", 10);
        OrchestrationMetadata done = await host.WaitAsync(id);
        List<Replay.HistoryEvent> history = await sut.GetHistoryAsync(id);

        Assert.Equal("11", done.SerializedOutput);
        Assert.Single(history, e => e.Type == Replay.HistoryEventType.TaskCompleted);
    }

    [Fact]
    public async Task WhenAny_FirstOfTwoActivities_ContinuesWithTheWinner()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = new TestEngine();
        host.Orchestrator<int, string>("Race", async (context, _) =>
        {
            Task<string> slow = context.CallActivityAsync<string>("Slow", 0);
            Task<string> fast = context.CallActivityAsync<string>("Fast", 0);
            Task<string> winner = await Task.WhenAny(slow, fast);
            return await winner;
        }).Activity<int, string>("Slow", async (_, _) =>
        {
            await release.Task.WaitAsync(TestEngine.Timeout);
            return "slow";
        }).Activity<int, string>("Fast", (_, _) => Task.FromResult("fast"));
        EmbeddedEngine sut = await host.StartAsync();

        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Race", 0);
        OrchestrationMetadata result = await host.WaitAsync(id);
        release.SetResult();

        Assert.Equal("\"fast\"", result.SerializedOutput);
    }

    [Fact]
    public async Task CallActivity_ActivityThrows_OrchestratorSeesTaskFailedWithTypeAndMessage()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, string>("Catch", async (context, _) =>
        {
            try
            {
                await context.CallActivityAsync("Boom", 1);
                return "no failure";
            }
            catch (TaskFailedException ex)
            {
                return $"{ex.TaskName}|{ex.FailureDetails.IsCausedBy<InvalidOperationException>()}|{ex.FailureDetails.ErrorMessage}";
            }
        }).Activity<int, int>("Boom", (_, _) => throw new InvalidOperationException("boom 42"));
        EmbeddedEngine sut = await host.StartAsync();

        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Catch", 0);
        OrchestrationMetadata result = await host.WaitAsync(id);

        Assert.Equal("\"Boom|True|boom 42\"", result.SerializedOutput);
    }

    [Fact]
    public async Task CallActivity_UnregisteredName_FailsTheInstanceNamingTheActivity()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, int>("Missing", async (context, _) => await context.CallActivityAsync<int>("NoSuchActivity", 1));
        EmbeddedEngine sut = await host.StartAsync();

        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Missing", 0);
        OrchestrationMetadata result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("NoSuchActivity", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
