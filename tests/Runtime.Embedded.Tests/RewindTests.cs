using System.Collections.Concurrent;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Runtime.Embedded.Replay;

namespace MarketoExport.Runtime.Embedded.Tests;

public sealed class RewindTests
{
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private volatile bool _broken = true;

    [Fact]
    public async Task Rewind_HandledFailureThenUnhandledOne_RerunsOnlyTheLastStep()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, string>("Flow", async (context, _) =>
        {
            string first;
            try
            {
                first = await context.CallActivityAsync<string>("Probe", "a");
            }
            catch (TaskFailedException)
            {
                first = "probe failed";
            }

            string second = await context.CallActivityAsync<string>("Other", "b");
            string third = await context.CallActivityAsync<string>("Last", "c");
            return $"{first}|{second}|{third}";
        }).Activity<string, string>("Probe", (_, x) => Count<string>(x, () => throw new InvalidDataException("checksum mismatch")))
            .Activity<string, string>("Other", (_, x) => Count(x, () => x))
            .Activity<string, string>("Last", (_, x) => Count(x, () => _broken ? throw new IOException("disk full") : x.ToUpperInvariant()));
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Flow", 0);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await host.WaitAsync(id)).RuntimeStatus);

        _broken = false;
        await sut.RewindInstanceAsync(id);
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("\"probe failed|b|C\"", done.SerializedOutput);
        Assert.Equal([("a", 1), ("b", 1), ("c", 2)], Calls());
    }

    [Fact]
    public async Task Rewind_RetryLoopWithTwoHandledDownloadFailures_RerunsOnlyTheThirdDownload()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, string>("Window", async (context, _) =>
        {
            for (int attempt = 1; ; attempt++)
            {
                string job = await context.CallActivityAsync<string>("CreateJob", $"job{attempt}");
                try
                {
                    return await context.CallActivityAsync<string>("Download", job);
                }
                catch (TaskFailedException) when (attempt < 3)
                {
                    // Checksum mismatch: the export flow creates a new job and tries again.
                }
            }
        }).Activity<string, string>("CreateJob", (_, x) => Count("create:" + x, () => x))
            .Activity<string, string>("Download", (_, x) => Count("download:" + x, () => _broken ? throw new InvalidDataException("checksum mismatch") : "file of " + x));
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Window", 0);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await host.WaitAsync(id)).RuntimeStatus);

        _broken = false;
        await sut.RewindInstanceAsync(id);
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("\"file of job3\"", done.SerializedOutput);
        Assert.Equal(
            [("create:job1", 1), ("create:job2", 1), ("create:job3", 1), ("download:job1", 1), ("download:job2", 1), ("download:job3", 2)],
            Calls());
    }

    [Fact]
    public async Task Rewind_RetryPolicyExhausted_RerunsOnlyTheLastAttempt()
    {
        int attempts = 0;
        await using var host = new TestEngine();
        host.Orchestrator<int, string>("Retrying", async (context, _) =>
            await context.CallActivityAsync<string>("Flaky", "x", new TaskOptions(new RetryPolicy(2, TimeSpan.FromSeconds(1)))))
            .Activity<string, string>("Flaky", (_, x) =>
            {
                Interlocked.Increment(ref attempts);
                return _broken ? throw new IOException("down") : Task.FromResult(x);
            });
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Retrying", 0);
        await host.UntilAsync(store => store.CountPendingTimers(id) == 1);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await host.WaitAsync(id)).RuntimeStatus);

        _broken = false;
        await sut.RewindInstanceAsync(id);
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal("\"x\"", done.SerializedOutput);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Rewind_ParentCaughtChildFailureInWhenAnyLoop_RewindsOnlyThatChild()
    {
        var releaseSecond = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = new TestEngine();
        host.Orchestrator<int, int>("Parent", async (context, _) =>
        {
            var inFlight = new List<Task<int>>();
            int next = 0;
            int total = 0;
            bool failed = false;
            while (next < 3 || inFlight.Count > 0)
            {
                while (inFlight.Count < 2 && next < 3)
                {
                    inFlight.Add(context.CallSubOrchestratorAsync<int>("Child", next++));
                }

                Task<int> finished = await Task.WhenAny(inFlight);
                inFlight.Remove(finished);
                try
                {
                    total += await finished;
                }
                catch (TaskFailedException)
                {
                    failed = true;
                }
            }

            return failed ? throw new InvalidOperationException("a child failed") : total;
        }).Orchestrator<int, int>("Child", async (context, n) =>
        {
            await context.CallActivityAsync<int>("Prepare", n);
            return await context.CallActivityAsync<int>("Work", n);
        }).Activity<int, int>("Prepare", (_, n) => Count($"prepare:{n}", () => n))
            .Activity<int, int>("Work", async (_, n) =>
            {
                if (n == 1)
                {
                    // Child 1 finishes only after the parent has reacted to child 0's failure by starting child 2.
                    await releaseSecond.Task;
                }

                return await Count($"work:{n}", () => n == 0 && _broken ? throw new IOException("bad window") : (n + 1) * 10);
            });
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Parent", 0);
        await host.UntilAsync(store => store.LoadHistory(id).Any(e => e.Type == HistoryEventType.SubOrchestrationCreated && e.TaskId == 2));
        releaseSecond.SetResult();
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await host.WaitAsync(id)).RuntimeStatus);
        List<HistoryEvent> before = await sut.GetHistoryAsync(id);

        _broken = false;
        await sut.RewindInstanceAsync(id);
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.True(
            before.FindIndex(e => e.Type == HistoryEventType.SubOrchestrationFailed && e.TaskId == 0)
                < before.FindIndex(e => e.Type == HistoryEventType.SubOrchestrationCreated && e.TaskId == 2),
            "child 2 must have been scheduled after child 0's failure was handled");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("60", done.SerializedOutput);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await sut.GetInstanceAsync($"{id}:0"))!.RuntimeStatus);
        Assert.Equal(
            [("prepare:0", 1), ("prepare:1", 1), ("prepare:2", 1), ("work:0", 2), ("work:1", 1), ("work:2", 1)],
            Calls());
    }

    [Fact]
    public async Task Rewind_ParentAlertedAfterCatchingChildFailure_RefusedAndInstanceUntouched()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, int>("Parent", async (context, _) =>
        {
            try
            {
                return await context.CallSubOrchestratorAsync<int>("Child", 0);
            }
            catch (TaskFailedException)
            {
                // Only the failure path calls this: undoing the failure would change the path taken.
                await context.CallActivityAsync<int>("Alert", 0);
                throw;
            }
        }).Orchestrator<int, int>("Child", async (context, n) => await context.CallActivityAsync<int>("Work", n))
            .Activity<int, int>("Work", (_, n) => Count("work", () => _broken ? throw new IOException("bad window") : n))
            .Activity<int, int>("Alert", (_, n) => Count("alert", () => n));
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Parent", 0, new StartOrchestrationOptions("export-run:leads"));
        OrchestrationMetadata failed = await host.WaitAsync(id);
        List<HistoryEvent> history = await sut.GetHistoryAsync(id);
        List<HistoryEvent> childHistory = await sut.GetHistoryAsync($"{id}:0");

        _broken = false;
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => sut.RewindInstanceAsync(id));
        await host.IdleAsync();

        Assert.Equal(
            "Instance export-run:leads cannot be rewound: its orchestrator handled the failure of 'Child' #0 and continued; rewinding it would change the path it took. Restart it instead.",
            refused.Message);
        OrchestrationMetadata after = (await sut.GetInstanceAsync(id))!;
        Assert.Equal(OrchestrationRuntimeStatus.Failed, after.RuntimeStatus);
        Assert.Equal(failed.FailureDetails!.ErrorMessage, after.FailureDetails!.ErrorMessage);
        Assert.Equal(history, await sut.GetHistoryAsync(id));
        Assert.Equal(childHistory, await sut.GetHistoryAsync($"{id}:0"));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await sut.GetInstanceAsync($"{id}:0"))!.RuntimeStatus);
        Assert.Equal([("alert", 1), ("work", 1)], Calls());
    }

    private Task<T> Count<T>(string key, Func<T> body)
    {
        _calls.AddOrUpdate(key, 1, (_, n) => n + 1);
        return Task.FromResult(body());
    }

    private List<(string Key, int Count)> Calls() => _calls.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)).ToList();
}
