using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace MarketoExport.Durable.Tests;

/// <summary>SDK orchestrators and activities on the real TaskHubWorker and the SQLite provider.</summary>
public sealed class OrchestrationTests
{
    [Fact]
    public async Task Sequence_ClassBasedOrchestratorAndActivity_RunsEachStepInOrder()
    {
        await using var host = new DurableTestHost();
        host.Registry.AddOrchestrator<SequenceOrchestrator>().AddActivity<AppendActivity>();
        await host.StartAsync();

        string id = await host.StartAsync(nameof(SequenceOrchestrator), new SequenceInput("x", 4));
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("x0123", done.ReadOutputAs<string>());
        Assert.Equal("{\"prefix\":\"x\",\"steps\":4}", done.SerializedInput);
        Assert.Equal(32, id.Length);
    }

    [Fact]
    public async Task FanOut_CappedAtTwo_NeverRunsMoreThanTwoActivitiesAtOnce()
    {
        using var probe = new ConcurrencyProbe();
        await using var host = new DurableTestHost();
        host.Orchestrator<int, int[]>("FanOut", (context, count) => ThrottledFanOut(context, count, maxInFlight: 2))
            .Activity<int, int>("Probe", (_, input) => probe.RunAsync(input));
        await host.StartAsync();

        string id = await host.StartAsync("FanOut", 6);
        for (int released = 0; released < 6; released++)
        {
            await probe.WaitForStartedAsync(Math.Min(released + 2, 6));
            probe.ReleaseOne();
        }

        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal([0, 2, 4, 6, 8, 10], done.ReadOutputAs<int[]>()!);
        Assert.Equal(2, probe.MaxInFlight);
        Assert.Equal(6, probe.Started);
    }

    [Fact]
    public async Task SubOrchestrations_WithFixedInstanceIds_RunAsChildrenOfTheParent()
    {
        await using var host = new DurableTestHost();
        host.Orchestrator<int, int>("Parent", async (context, n) =>
            {
                Task<string>[] children = Enumerable.Range(0, n)
                    .Select(i => context.CallSubOrchestratorAsync<string>("Child", i, new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-child-{i}" }))
                    .ToArray();
                string[] results = await Task.WhenAll(children);
                return results.Sum(r => r.Length);
            })
            .Orchestrator<int, string>("Child", (context, i) => Task.FromResult($"{context.Parent?.InstanceId}:{context.Parent?.Name}:{i}"));
        await host.StartAsync();

        string id = await host.StartAsync("Parent", 3, "parent");
        OrchestrationMetadata done = await host.WaitAsync(id);
        OrchestrationMetadata? child = await host.Client.GetInstanceAsync("parent-child-2", getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("parent:Parent:2", child?.ReadOutputAs<string>());
        Assert.Equal(3 * "parent:Parent:0".Length, done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task SubOrchestration_WithTheIdOfARunningInstance_FailsTheCallInsteadOfReplacingIt()
    {
        await using var host = new DurableTestHost();
        host.Orchestrator<string, string>("Waits", (context, _) => context.WaitForExternalEvent<string>("go"))
            .Orchestrator<string, string>("Parent", async (context, _) =>
            {
                try
                {
                    return await context.CallSubOrchestratorAsync<string>("Waits", null, new SubOrchestrationOptions { InstanceId = "shared" });
                }
                catch (TaskFailedException ex)
                {
                    return ex.FailureDetails.ErrorType + ": " + ex.FailureDetails.ErrorMessage;
                }
            });
        await host.StartAsync();
        await host.StartAsync("Waits", null, "shared");
        await host.WaitIdleAsync("shared");

        OrchestrationMetadata parent = await host.WaitAsync(await host.StartAsync("Parent"));
        OrchestrationMetadata? shared = await host.Client.GetInstanceAsync("shared");

        Assert.Equal(
            "DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException: An orchestration with instance ID 'shared' already exists and is Running; a sub-orchestration cannot replace it.",
            parent.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Running, shared?.RuntimeStatus);
    }

    [Fact]
    public async Task MaxConcurrentActivities_FanOutOfFive_RunsAtMostThatManyAtOnce()
    {
        using var probe = new ConcurrencyProbe();
        await using var host = new DurableTestHost();
        host.StoreOptions.MaxConcurrentActivities = 2;
        host.Orchestrator<int, int[]>("FanOutAll", (context, count) =>
                Task.WhenAll(Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>("Probe", i))))
            .Activity<int, int>("Probe", (_, input) => probe.RunAsync(input));
        await host.StartAsync();

        string id = await host.StartAsync("FanOutAll", 5);
        for (int released = 0; released < 5; released++)
        {
            await probe.WaitForStartedAsync(Math.Min(released + 2, 5));
            probe.ReleaseOne();
        }

        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal([0, 2, 4, 6, 8], done.ReadOutputAs<int[]>()!);
        Assert.Equal(2, probe.MaxInFlight);
    }

    [Fact]
    public async Task CustomStatus_SetByTheOrchestrator_IsVisibleWhileItWaitsAndAfterItEnds()
    {
        await using var host = new DurableTestHost();
        host.Orchestrator<string, string>("Status", async (context, _) =>
        {
            context.SetCustomStatus(new { phase = "waiting", files = 2 });
            string answer = await context.WaitForExternalEvent<string>("go");
            context.SetCustomStatus(new { phase = "done", files = 3 });
            return answer;
        });
        await host.StartAsync();

        string id = await host.StartAsync("Status", "in");
        await host.WaitIdleAsync(id);
        OrchestrationMetadata? waiting = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        await host.Client.RaiseEventAsync(id, "go", "yes");
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal("{\"phase\":\"waiting\",\"files\":2}", waiting?.SerializedCustomStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting?.RuntimeStatus);
        Assert.Equal("{\"phase\":\"done\",\"files\":3}", done.SerializedCustomStatus);
        Assert.Equal("yes", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_ThreeGenerations_EndsWithTheLastInputAndOnlyItsHistory()
    {
        int runs = 0;
        await using var host = new DurableTestHost();
        host.Orchestrator<int, int>("Counter", async (context, n) =>
            {
                int doubled = await context.CallActivityAsync<int>("Double", n);
                if (n < 3)
                {
                    context.ContinueAsNew(n + 1);
                }

                return doubled;
            })
            .Activity<int, int>("Double", n =>
            {
                Interlocked.Increment(ref runs);
                return n * 2;
            });
        await host.StartAsync();

        string id = await host.StartAsync("Counter", 0);
        OrchestrationMetadata done = await host.WaitAsync(id);
        IList<HistoryEvent> history = await host.Client.GetOrchestrationHistoryAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(6, done.ReadOutputAs<int>());
        Assert.Equal("3", done.SerializedInput);
        Assert.Equal(4, runs);
        ExecutionStartedEvent started = Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Equal("3", started.Input);
    }

    [Fact]
    public async Task ExternalEvents_RaisedBeforeAndWhileWaiting_AreBothDelivered()
    {
        await using var host = new DurableTestHost();
        host.Orchestrator<string, string>("Approval", async (context, _) =>
        {
            Approval first = await context.WaitForExternalEvent<Approval>("first");
            Approval second = await context.WaitForExternalEvent<Approval>("second");
            return $"{first.By}/{first.Approved}+{second.By}/{second.Approved}";
        });
        await host.StartAsync();

        string id = await host.StartAsync("Approval", "x");
        await host.Client.WaitForInstanceStartAsync(id).WaitAsync(DurableTestHost.Timeout);
        await host.Client.RaiseEventAsync(id, "second", new Approval("bob", false));
        await host.WaitIdleAsync(id);
        OrchestrationMetadata? afterSecond = await host.Client.GetInstanceAsync(id);
        await host.Client.RaiseEventAsync(id, "first", new Approval("ann", true));
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, afterSecond?.RuntimeStatus);
        Assert.Equal("ann/True+bob/False", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task UnregisteredActivity_FailsItsTaskWithAClearMessage()
    {
        await using var host = new DurableTestHost();
        host.Orchestrator<string, string>("CallsMissing", async (context, _) =>
        {
            try
            {
                return await context.CallActivityAsync<string>("NoSuchActivity");
            }
            catch (TaskFailedException ex)
            {
                return ex.FailureDetails.ErrorMessage;
            }
        });
        await host.StartAsync();

        OrchestrationMetadata done = await host.WaitAsync(await host.StartAsync("CallsMissing"));

        Assert.Equal("No activity named 'NoSuchActivity' is registered with this worker.", done.ReadOutputAs<string>());
    }

    private static async Task<int[]> ThrottledFanOut(TaskOrchestrationContext context, int count, int maxInFlight)
    {
        var results = new int[count];
        var inFlight = new List<(int Index, Task<int> Task)>();
        int next = 0;
        while (next < count || inFlight.Count > 0)
        {
            while (next < count && inFlight.Count < maxInFlight)
            {
                inFlight.Add((next, context.CallActivityAsync<int>("Probe", next)));
                next++;
            }

            Task<int> done = await Task.WhenAny(inFlight.Select(f => f.Task));
            int slot = inFlight.FindIndex(f => f.Task == done);
            results[inFlight[slot].Index] = await done;
            inFlight.RemoveAt(slot);
        }

        return results;
    }

    public sealed record Approval(string By, bool Approved);
}
