using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace MarketoExport.Durable.Tests;

/// <summary>Rewind of Failed instances on the real TaskHubWorker: both modes, children, in-flight steps and the refusals.</summary>
public sealed class RewindTests
{
    [Fact]
    public async Task LastFailure_ActivityWithExhaustedRetryPolicy_RerunsOnlyTheLastAttempt()
    {
        var calls = new CallLog();
        bool broken = true;
        await using var host = new DurableTestHost();
        host.Orchestrator<string, string>("Download", async (context, file) =>
            {
                string before = await context.CallActivityAsync<string>("Before", file);
                string body = await context.CallActivityAsync<string>(
                    "Fetch", file, TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromMinutes(1))));
                return $"{before}|{body}";
            })
            .Activity<string, string>("Before", file => calls.Add("Before", $"before {file}"))
            .Activity<string, string>("Fetch", file => broken ? throw new TimeoutException($"#{calls.Add("Fetch", file)}") : calls.Add("Fetch", $"got {file}"));
        await host.StartAsync();
        string id = await host.StartAsync("Download", "f.csv");
        for (int retry = 0; retry < 2; retry++)
        {
            await host.WaitIdleAsync(id);
            host.Time.Advance(TimeSpan.FromMinutes(1));
        }

        OrchestrationMetadata failed = await host.WaitAsync(id);
        broken = false;

        await host.Client.RewindInstanceAsync(id, "Marketo is back");
        OrchestrationMetadata done = await host.WaitAsync(id);
        IList<HistoryEvent> history = await host.Client.GetOrchestrationHistoryAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("before f.csv|got f.csv", done.ReadOutputAs<string>());
        Assert.Equal(4, calls.Count("Fetch"));
        Assert.Equal(1, calls.Count("Before"));
        Assert.Equal(2, history.OfType<TaskFailedEvent>().Count());
        Assert.Contains(history.OfType<GenericEvent>(), e => e.Data.Contains("Marketo is back", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LastFailure_FailedChild_IsRewoundWithItAndItsResultReachesTheParent()
    {
        var calls = new CallLog();
        bool broken = true;
        await using var host = new DurableTestHost();
        host.Orchestrator<string, string>("Parent", async (context, _) =>
                "parent got " + await context.CallSubOrchestratorAsync<string>("Child", "x", new SubOrchestrationOptions { InstanceId = "rw-child" }))
            .Orchestrator<string, string>("Child", async (context, input) =>
                await context.CallActivityAsync<string>("Step", input) + await context.CallActivityAsync<string>("Flaky", input))
            .Activity<string, string>("Step", s => calls.Add("Step", s + "1"))
            .Activity<string, string>("Flaky", s => broken ? throw new IOException($"#{calls.Add("Flaky", s)}") : calls.Add("Flaky", s + "2"));
        await host.StartAsync();
        OrchestrationMetadata failed = await host.WaitAsync(await host.StartAsync("Parent", null, "rw-parent"));
        broken = false;

        await host.Client.RewindInstanceAsync("rw-parent", "fixed");
        OrchestrationMetadata done = await host.WaitAsync("rw-parent");
        OrchestrationMetadata? child = await host.Client.GetInstanceAsync("rw-child", getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal("parent got x1x2", done.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child?.RuntimeStatus);
        Assert.Equal(1, calls.Count("Step"));
        Assert.Equal(2, calls.Count("Flaky"));
    }

    [Fact]
    public async Task LastFailure_EarlierTaskCompletedAfterTheFailure_KeepsItsResultAndRerunsOnlyTheFailedStep()
    {
        // DurableTask.Core ends a failing orchestrator only once its open tasks have finished, so the slow
        // activity's completion is recorded after the fast one's failure: LastFailure accepts completions there.
        var calls = new CallLog();
        var slowGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool broken = true;
        await using var host = new DurableTestHost();
        host.Orchestrator<string, string>("Both", async (context, _) =>
            {
                Task<string> slow = context.CallActivityAsync<string>("Slow", "s");
                Task<string> fast = context.CallActivityAsync<string>("Fast", "f");
                string f = await fast;
                return f + await slow;
            })
            .Activity<string, string>("Slow", async (_, s) =>
            {
                slowStarted.TrySetResult();
                await slowGate.Task;
                return calls.Add("Slow", s);
            })
            .Activity<string, string>("Fast", s => broken ? throw new IOException($"#{calls.Add("Fast", s)}") : calls.Add("Fast", s));
        await host.StartAsync();
        string id = await host.StartAsync("Both");
        await slowStarted.Task.WaitAsync(DurableTestHost.Timeout);
        OrchestrationMetadata? whileSlowRuns = await host.Client.GetInstanceAsync(id);
        slowGate.SetResult();
        OrchestrationMetadata failed = await host.WaitAsync(id);
        broken = false;

        await host.Client.RewindInstanceAsync(id, "retry fast");
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, whileSlowRuns?.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal("fs", done.ReadOutputAs<string>());
        Assert.Equal(1, calls.Count("Slow"));
        Assert.Equal(2, calls.Count("Fast"));
    }

    [Fact]
    public async Task FromFirstFailure_FanOutParentThatCaughtAChildFailure_RerunsTheFailedChildAndWhatCameAfter()
    {
        var calls = new CallLog();
        bool broken = true;
        await using DurableTestHost host = CoordinatorHost(calls, () => broken);
        host.WorkerOptions.RewindModes["Coordinator"] = RewindMode.FromFirstFailure;
        await host.StartAsync();
        OrchestrationMetadata failed = await host.WaitAsync(await host.StartAsync("Coordinator", 4, "coord"));
        broken = false;

        await host.Client.RewindInstanceAsync("coord", "unit 1 fixed");
        OrchestrationMetadata done = await host.WaitAsync("coord");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal("1 of 4 units failed", failed.FailureDetails?.ErrorMessage);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["u0", "u1", "u2", "u3"], done.ReadOutputAs<string[]>()!);
        Assert.Equal(1, calls.Count("Work:0"));
        Assert.Equal(2, calls.Count("Work:1"));
        Assert.Equal(2, calls.Count("Work:2"));
        Assert.Equal(2, calls.Count("Work:3"));
        foreach (string child in new[] { "coord-u0", "coord-u1", "coord-u2", "coord-u3" })
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.Client.GetInstanceAsync(child))?.RuntimeStatus);
        }
    }

    [Fact]
    public async Task LastFailure_OrchestratorScheduledWorkAfterTheFailure_IsRefusedAndNothingChanges()
    {
        var calls = new CallLog();
        await using DurableTestHost host = CoordinatorHost(calls, () => true);
        await host.StartAsync();
        await host.WaitAsync(await host.StartAsync("Coordinator", 4, "coord"));
        int historyBefore = (await host.Client.GetOrchestrationHistoryAsync("coord")).Count;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.RewindInstanceAsync("coord", "try"));
        OrchestrationMetadata? after = await host.Client.GetInstanceAsync("coord");

        Assert.StartsWith("Instance 'coord' cannot be rewound: its orchestrator handled the failure of sub-orchestration 'Unit' ('coord-u1'", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("Restart it instead.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, after?.RuntimeStatus);
        Assert.Equal(historyBefore, (await host.Client.GetOrchestrationHistoryAsync("coord")).Count);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await host.Client.GetInstanceAsync("coord-u1"))?.RuntimeStatus);
    }

    [Fact]
    public async Task Rewind_InstanceThatFailedInItsOwnCode_OrHasNotFailed_IsRefused()
    {
        await using var host = new DurableTestHost();
        host.Orchestrator<string, string>("Throws", (_, _) => throw new InvalidOperationException("bad input"))
            .Orchestrator<string, string>("Fine", (_, input) => Task.FromResult(input));
        await host.StartAsync();
        await host.WaitAsync(await host.StartAsync("Throws", null, "own"));
        await host.WaitAsync(await host.StartAsync("Fine", "x", "fine"));

        var own = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.RewindInstanceAsync("own", "try"));
        var fine = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.RewindInstanceAsync("fine", "try"));

        Assert.Equal(
            "Instance 'own' cannot be rewound: its history has no activity or sub-orchestration failure to undo (it failed by throwing in its own code, or it was parked as poison). Restart it instead.",
            own.Message);
        Assert.Contains("it is Completed; only Failed instances can be rewound", fine.Message, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await host.Client.GetInstanceAsync("own"))?.RuntimeStatus);
    }

    /// <summary>
    /// A coordinator that runs its units in waves of two, catches a unit's failure and goes on, and fails at the
    /// end if any unit failed. Unit 1's work fails while <paramref name="broken"/> says so.
    /// </summary>
    private static DurableTestHost CoordinatorHost(CallLog calls, Func<bool> broken)
    {
        var host = new DurableTestHost();
        host.Orchestrator<int, string[]>("Coordinator", async (context, count) =>
            {
                var results = new string[count];
                int failures = 0;
                for (int wave = 0; wave < count; wave += 2)
                {
                    var units = Enumerable.Range(wave, Math.Min(2, count - wave))
                        .Select(i => (Index: i, Task: context.CallSubOrchestratorAsync<string>("Unit", i, new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-u{i}" })))
                        .ToList();
                    foreach ((int index, Task<string> unit) in units)
                    {
                        try
                        {
                            results[index] = await unit;
                        }
                        catch (TaskFailedException)
                        {
                            failures++;
                        }
                    }
                }

                return failures > 0 ? throw new InvalidOperationException($"{failures} of {count} units failed") : results;
            })
            .Orchestrator<int, string>("Unit", (context, i) => context.CallActivityAsync<string>("Work", i))
            .Activity<int, string>("Work", i =>
            {
                calls.Add($"Work:{i}", $"u{i}");
                return i == 1 && broken() ? throw new IOException("unit 1 broken") : $"u{i}";
            });
        return host;
    }

    /// <summary>Counts calls per key, thread-safe; <see cref="Add"/> returns its value so activities can return it.</summary>
    private sealed class CallLog
    {
        private readonly Dictionary<string, int> _counts = [];

        public string Add(string key, string value)
        {
            lock (_counts)
            {
                _counts[key] = _counts.GetValueOrDefault(key) + 1;
            }

            return value;
        }

        public int Count(string key)
        {
            lock (_counts)
            {
                return _counts.GetValueOrDefault(key);
            }
        }
    }
}
