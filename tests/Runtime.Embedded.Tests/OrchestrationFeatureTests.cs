using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Runtime.Embedded.Replay;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Runtime.Embedded.Tests;

public sealed class OrchestrationFeatureTests
{
    [Fact]
    public async Task CallSubOrchestrator_ChildCompletes_ParentGetsOutput()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, int>("Parent", async (context, x) =>
            await context.CallSubOrchestratorAsync<int>("Child", x, new SubOrchestrationOptions("child-fixed")) + 1)
            .Orchestrator<int, int>("Child", async (context, x) => await context.CallActivityAsync<int>("Triple", x))
            .Activity<int, int>("Triple", (_, x) => Task.FromResult(x * 3));
        EmbeddedEngine sut = await host.StartAsync();

        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Parent", 5);
        OrchestrationMetadata parent = await host.WaitAsync(id);
        OrchestrationMetadata? child = await sut.GetInstanceAsync("child-fixed", getInputsAndOutputs: true);

        Assert.Equal("16", parent.SerializedOutput);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child!.RuntimeStatus);
        Assert.Equal("15", child.SerializedOutput);
    }

    [Fact]
    public async Task CallSubOrchestrator_ChildFails_ParentSeesTaskFailedWithChildCause()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, string>("Parent", async (context, x) =>
        {
            try
            {
                await context.CallSubOrchestratorAsync<int>("Child", x);
                return "no failure";
            }
            catch (TaskFailedException ex)
            {
                return $"{ex.TaskName}|{ex.FailureDetails.IsCausedBy<FormatException>()}|{ex.FailureDetails.ErrorMessage}";
            }
        }).Orchestrator<int, int>("Child", async (context, x) => await context.CallActivityAsync<int>("Parse", x))
            .Activity<int, int>("Parse", (_, _) => throw new FormatException("bad row 7"));
        EmbeddedEngine sut = await host.StartAsync();

        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Parent", 1);
        OrchestrationMetadata parent = await host.WaitAsync(id);

        Assert.Equal("\"Child|True|bad row 7\"", parent.SerializedOutput);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await sut.GetInstanceAsync($"{id}:0"))!.RuntimeStatus);
    }

    [Fact]
    public async Task CallSubOrchestrator_WithRetryPolicy_RetriesFailedChildAfterDurableWait()
    {
        int runs = 0;
        await using var host = new TestEngine();
        var retry = new RetryPolicy(2, TimeSpan.FromMinutes(5));
        host.Orchestrator<int, int>("Parent", async (context, x) =>
            await context.CallSubOrchestratorAsync<int>("Child", x, new SubOrchestrationOptions("kid", retry)))
            .Orchestrator<int, int>("Child", async (context, x) => await context.CallActivityAsync<int>("Maybe", x))
            .Activity<int, int>("Maybe", (_, x) => Interlocked.Increment(ref runs) == 1 ? throw new IOException("first run fails") : Task.FromResult(x * 2));
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Parent", 21);
        await sut.WaitForPendingTimersAsync(id, 1, CancellationToken.None).WaitAsync(TestEngine.Timeout);

        host.Time.Advance(TimeSpan.FromMinutes(5));
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal("42", done.SerializedOutput);
        Assert.Equal(2, runs);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await sut.GetInstanceAsync("kid"))!.RuntimeStatus);
    }

    [Fact]
    public async Task ReplaySafeLogger_AcrossManyReplays_WritesEachMessageOnce()
    {
        var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var host = new TestEngine { Loggers = new RecordingLoggerFactory(messages) };
        host.Orchestrator<int, int>("Logs", async (context, n) =>
        {
            ILogger log = context.CreateReplaySafeLogger("Test.Orchestrator");
            for (int i = 0; i < n; i++)
            {
                await context.CallActivityAsync<int>("Echo", i);
                bool replaying = context.IsReplaying;
#pragma warning disable CA1873 // A test: the point is to log.
                log.LogInformation("step {Step} replaying={Replaying}", i, replaying);
#pragma warning restore CA1873
            }

            return n;
        }).Activity<int, int>("Echo", (_, x) => Task.FromResult(x));
        EmbeddedEngine sut = await host.StartAsync();

        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Logs", 4);
        await host.WaitAsync(id);

        Assert.Equal(
            ["step 0 replaying=False", "step 1 replaying=False", "step 2 replaying=False", "step 3 replaying=False"],
            messages.Where(m => m.StartsWith("step", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ContinueAsNew_CountsToThree_CompletesWithTruncatedHistoryAndKeepsEvent()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, string>("Counter", async (context, n) =>
        {
            if (n < 3)
            {
                await context.CallActivityAsync<int>("Noop", n);
                context.ContinueAsNew(n + 1);
                return "continued";
            }

            return $"{n}:{await context.WaitForExternalEvent<string>("Done")}";
        }).Activity<int, int>("Noop", (_, x) => Task.FromResult(x));
        EmbeddedEngine sut = await host.StartAsync();

        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Counter", 0);
        await sut.RaiseEventAsync(id, "done", "ok");
        OrchestrationMetadata result = await host.WaitAsync(id);
        List<HistoryEvent> history = await sut.GetHistoryAsync(id);

        Assert.Equal("\"3:ok\"", result.SerializedOutput);
        Assert.Equal("3", result.SerializedInput);
        Assert.Single(history, e => e.Type == HistoryEventType.ExecutionStarted);
        Assert.DoesNotContain(history, e => e.Type == HistoryEventType.TaskScheduled);
    }

    [Fact]
    public async Task WaitForExternalEvent_RaisedBeforeAndAfterWait_CaseInsensitiveInOrder()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, string>("Events", async (context, _) =>
        {
            string first = await context.WaitForExternalEvent<string>("approval");
            string second = await context.WaitForExternalEvent<string>("APPROVAL");
            return first + "," + second;
        });
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Events", 0, new StartOrchestrationOptions(StartAt: host.Time.GetUtcNow().AddMinutes(1)));

        await sut.RaiseEventAsync(id, "Approval", "a");
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.UntilAsync(store => store.GetInstance(id)!.Status == OrchestrationRuntimeStatus.Running);
        await host.IdleAsync();
        OrchestrationMetadata? waiting = await sut.GetInstanceAsync(id);
        await sut.RaiseEventAsync(id, "approval", "b");
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting!.RuntimeStatus);
        Assert.Equal("\"a,b\"", done.SerializedOutput);
    }

    [Fact]
    public async Task Terminate_ParentWithRunningChild_TerminatesBoth()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, int>("Parent", async (context, _) => await context.CallSubOrchestratorAsync<int>("Child", 0, new SubOrchestrationOptions("the-child")))
            .Orchestrator<int, int>("Child", async (context, _) => await context.WaitForExternalEvent<int>("never"));
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Parent", 0);
        await host.UntilAsync(store => store.GetInstance("the-child")?.Status == OrchestrationRuntimeStatus.Running);

        await sut.TerminateInstanceAsync(id, "operator stop");
        OrchestrationMetadata parent = await host.WaitAsync(id);
        OrchestrationMetadata child = await host.WaitAsync("the-child");

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, parent.RuntimeStatus);
        Assert.Equal("\"operator stop\"", parent.SerializedOutput);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, child.RuntimeStatus);
    }

    [Fact]
    public async Task SuspendResume_EventWhileSuspended_ProcessedOnlyAfterResume()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, string>("Wait", async (context, _) =>
        {
            context.SetCustomStatus(new { stage = "waiting" });
            return await context.WaitForExternalEvent<string>("go");
        });
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Wait", 0);
        await host.UntilAsync(store => store.GetInstance(id)!.Status == OrchestrationRuntimeStatus.Running);

        await sut.SuspendInstanceAsync(id, "maintenance");
        await host.UntilAsync(store => store.GetInstance(id)!.Status == OrchestrationRuntimeStatus.Suspended);
        await sut.RaiseEventAsync(id, "go", "went");
        await host.IdleAsync();
        OrchestrationMetadata? suspended = await sut.GetInstanceAsync(id);
        await sut.ResumeInstanceAsync(id);
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, suspended!.RuntimeStatus);
        Assert.Equal("{\"stage\":\"waiting\"}", suspended.SerializedCustomStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("\"went\"", done.SerializedOutput);
    }

    [Fact]
    public async Task SuspendResume_BeforeFirstTurn_StartsAtStartAtAndKeepsEarlyEvent()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, string>("Wait", async (context, _) => await context.WaitForExternalEvent<string>("go"));
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Wait", 0, new StartOrchestrationOptions(StartAt: host.Time.GetUtcNow().AddHours(1)));

        await sut.SuspendInstanceAsync(id);
        await sut.RaiseEventAsync(id, "go", "early");
        await sut.ResumeInstanceAsync(id);
        await host.IdleAsync();
        OrchestrationMetadata? beforeStart = await sut.GetInstanceAsync(id);
        host.Time.Advance(TimeSpan.FromHours(1));
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, beforeStart!.RuntimeStatus);
        Assert.Equal("\"early\"", done.SerializedOutput);
    }

    [Fact]
    public async Task Restart_CompletedInstance_RunsAgainWithSameInputUnderSameOrNewId()
    {
        int calls = 0;
        await using var host = new TestEngine();
        host.Orchestrator<int, int>("Once", async (context, x) => await context.CallActivityAsync<int>("Inc", x))
            .Activity<int, int>("Inc", (_, x) =>
            {
                Interlocked.Increment(ref calls);
                return Task.FromResult(x + 1);
            });
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Once", 9, new StartOrchestrationOptions("restart-me"));
        await host.WaitAsync(id);

        string same = await sut.RestartAsync(id, restartWithNewInstanceId: false);
        OrchestrationMetadata again = await host.WaitAsync(same);
        string other = await sut.RestartAsync(id, restartWithNewInstanceId: true);
        OrchestrationMetadata third = await host.WaitAsync(other);

        Assert.Equal("restart-me", same);
        Assert.NotEqual("restart-me", other);
        Assert.Equal("10", again.SerializedOutput);
        Assert.Equal("9", third.SerializedInput);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Rewind_FailedInstance_RerunsOnlyTheFailedActivity()
    {
        var calls = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        bool broken = true;
        await using var host = new TestEngine();
        host.Orchestrator<int, string>("Pipeline", async (context, _) =>
        {
            string a = await context.CallActivityAsync<string>("Step", "a");
            string[] fan = await Task.WhenAll(context.CallActivityAsync<string>("Step", "b"), context.CallActivityAsync<string>("Flaky", "c"));
            string d = await context.CallActivityAsync<string>("Step", "d");
            return string.Join("", [a, .. fan, d]);
        }).Activity<string, string>("Step", (_, x) =>
        {
            calls.AddOrUpdate(x, 1, (_, n) => n + 1);
            return Task.FromResult(x);
        }).Activity<string, string>("Flaky", (_, x) =>
        {
            calls.AddOrUpdate(x, 1, (_, n) => n + 1);
            return broken ? throw new IOException("disk full") : Task.FromResult(x.ToUpperInvariant());
        });
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Pipeline", 0);
        OrchestrationMetadata failed = await host.WaitAsync(id);

        broken = false;
        await sut.RewindInstanceAsync(id, "disk cleaned");
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("\"abCd\"", done.SerializedOutput);
        Assert.Equal(1, calls["a"]);
        Assert.Equal(1, calls["b"]);
        Assert.Equal(2, calls["c"]);
        Assert.Equal(1, calls["d"]);
    }

    [Fact]
    public async Task Rewind_FailedSubOrchestration_RewindsChildAndRerunsOnlyItsFailedActivity()
    {
        var calls = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        bool broken = true;
        await using var host = new TestEngine();
        host.Orchestrator<int, string>("Parent", async (context, _) =>
        {
            string first = await context.CallActivityAsync<string>("Step", "p");
            return first + await context.CallSubOrchestratorAsync<string>("Child", 0);
        }).Orchestrator<int, string>("Child", async (context, _) =>
            await context.CallActivityAsync<string>("Step", "c") + await context.CallActivityAsync<string>("Flaky", "x"))
            .Activity<string, string>("Step", (_, x) =>
            {
                calls.AddOrUpdate(x, 1, (_, n) => n + 1);
                return Task.FromResult(x);
            }).Activity<string, string>("Flaky", (_, x) =>
            {
                calls.AddOrUpdate(x, 1, (_, n) => n + 1);
                return broken ? throw new IOException("later") : Task.FromResult(x);
            });
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Parent", 0);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await host.WaitAsync(id)).RuntimeStatus);

        broken = false;
        await sut.RewindInstanceAsync(id);
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal("\"pcx\"", done.SerializedOutput);
        Assert.Equal([("c", 1), ("p", 1), ("x", 2)], calls.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public async Task ScheduleNew_FixedIdWhileRunning_Refused_AfterCompletionOrFailure_Allowed()
    {
        await using var host = new TestEngine();
        host.Orchestrator<string, string>("Gate", async (context, mode) =>
            mode == "fail" ? throw new InvalidOperationException("asked to fail") : await context.WaitForExternalEvent<string>("go"));
        EmbeddedEngine sut = await host.StartAsync();
        var fixedId = new StartOrchestrationOptions("singleton");
        await sut.ScheduleNewOrchestrationInstanceAsync("Gate", "wait", fixedId);

        var refused = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => sut.ScheduleNewOrchestrationInstanceAsync("Gate", "wait", fixedId));
        await sut.RaiseEventAsync("singleton", "go", "x");
        await host.WaitAsync("singleton");
        await sut.ScheduleNewOrchestrationInstanceAsync("Gate", "fail", fixedId);
        OrchestrationMetadata failed = await host.WaitAsync("singleton");
        await sut.ScheduleNewOrchestrationInstanceAsync("Gate", "wait", fixedId);
        await sut.RaiseEventAsync("singleton", "go", "third");
        OrchestrationMetadata third = await host.WaitAsync("singleton");

        Assert.Equal("singleton", refused.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal("\"third\"", third.SerializedOutput);
    }

    [Fact]
    public async Task QueryAndPurge_FilterByStatusPrefixAndName_PurgeRemovesFinishedOnly()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, int>("Quick", (_, x) => Task.FromResult(x))
            .Orchestrator<int, int>("Slow", async (context, _) => await context.WaitForExternalEvent<int>("never"));
        EmbeddedEngine sut = await host.StartAsync();
        await sut.ScheduleNewOrchestrationInstanceAsync("Quick", 1, new StartOrchestrationOptions("q-1"));
        await host.WaitAsync("q-1");
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await sut.ScheduleNewOrchestrationInstanceAsync("Quick", 2, new StartOrchestrationOptions("q-2"));
        await host.WaitAsync("q-2");
        await sut.ScheduleNewOrchestrationInstanceAsync("Slow", 3, new StartOrchestrationOptions("s-1"));

        IReadOnlyList<OrchestrationMetadata> completed = await sut.QueryInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Completed] });
        IReadOnlyList<OrchestrationMetadata> prefixed = await sut.QueryInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "q-", PageSize = 1 });
        IReadOnlyList<OrchestrationMetadata> slow = await sut.QueryInstancesAsync(new OrchestrationQuery { Name = "slow" });
        IReadOnlyList<OrchestrationMetadata> recent = await sut.QueryInstancesAsync(new OrchestrationQuery { CreatedFrom = host.Time.GetUtcNow() });
        await Assert.ThrowsAsync<InvalidOperationException>(() => sut.PurgeInstanceAsync("s-1"));
        int purged = await sut.PurgeInstanceAsync("q-1");

        Assert.Equal(["q-2", "q-1"], completed.Select(m => m.InstanceId));
        Assert.Equal(["q-2"], prefixed.Select(m => m.InstanceId));
        Assert.Equal(["s-1"], slow.Select(m => m.InstanceId));
        Assert.Equal(["s-1", "q-2"], recent.Select(m => m.InstanceId).Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(1, purged);
        Assert.Null(await sut.GetInstanceAsync("q-1"));
    }
}
