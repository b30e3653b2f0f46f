using IOrchestrationServiceClient = DurableTask.Core.IOrchestrationServiceClient;
using OrchestrationAlreadyExistsException = DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace MarketoExport.Durable.Tests;

/// <summary><see cref="DurableTaskCoreClient"/> management operations on the SQLite provider.</summary>
public sealed class ClientTests
{
    private static DurableTestHost CreateHost()
    {
        var host = new DurableTestHost();
        host.Orchestrator<string, string>("Waits", (context, _) => context.WaitForExternalEvent<string>("go"))
            .Orchestrator<string, string>("Echo", (context, input) => context.CallActivityAsync<string>("Upper", input))
            .Activity<string, string>("Upper", s => s.ToUpperInvariant())
            .Orchestrator<string, string>("WaitsForChild", (context, _) =>
                context.CallSubOrchestratorAsync<string>("Waits", null, new SubOrchestrationOptions { InstanceId = context.InstanceId + "-child" }));
        return host;
    }

    [Fact]
    public async Task Terminate_WithOutput_EndsTheInstanceAsTerminatedWithThatOutput()
    {
        await using DurableTestHost host = CreateHost();
        await host.StartAsync();
        string id = await host.StartAsync("Waits");
        await host.WaitIdleAsync(id);

        await host.Client.TerminateInstanceAsync(id, new { reason = "operator" });
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("{\"reason\":\"operator\"}", done.SerializedOutput);
    }

    [Fact]
    public async Task Terminate_Recursive_EndsTheRunningChildToo()
    {
        await using DurableTestHost host = CreateHost();
        await host.StartAsync();
        string id = await host.StartAsync("WaitsForChild", null, "p");
        await host.Client.WaitForInstanceStartAsync("p-child").WaitAsync(DurableTestHost.Timeout);

        await host.Client.TerminateInstanceAsync(id, new TerminateInstanceOptions("stop", Recursive: true));
        OrchestrationMetadata parent = await host.WaitAsync(id);
        OrchestrationMetadata child = await host.WaitAsync("p-child");

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, parent.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, child.RuntimeStatus);
    }

    [Fact]
    public async Task Terminate_ChildAlone_ItsParentSeesAFailureCausedByTermination()
    {
        await using var host = new DurableTestHost();
        host.Orchestrator<string, string>("Waits", (context, _) => context.WaitForExternalEvent<string>("go"))
            .Orchestrator<string, string>("Parent", async (context, _) =>
            {
                try
                {
                    return await context.CallSubOrchestratorAsync<string>("Waits", null, new SubOrchestrationOptions { InstanceId = "kid" });
                }
                catch (TaskFailedException ex) when (ex.FailureDetails.IsCausedBy<OrchestrationTerminatedException>())
                {
                    return ex.FailureDetails.ErrorMessage;
                }
            });
        await host.StartAsync();
        string id = await host.StartAsync("Parent");
        await host.Client.WaitForInstanceStartAsync("kid").WaitAsync(DurableTestHost.Timeout);

        await host.Client.TerminateInstanceAsync("kid", "operator");
        OrchestrationMetadata parent = await host.WaitAsync(id);

        Assert.Equal("Sub-orchestration instance 'kid' was terminated: \"operator\"", parent.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Terminate_PendingInstanceScheduledForLater_EndsItWithoutRunningIt()
    {
        await using DurableTestHost host = CreateHost();
        await host.StartAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", "a", new StartOrchestrationOptions(null, host.Time.GetUtcNow().AddHours(1)));

        await host.Client.TerminateInstanceAsync(id, "never mind");
        host.Time.Advance(TimeSpan.FromHours(2));
        await host.WaitIdleAsync(id);
        OrchestrationMetadata? after = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, after?.RuntimeStatus);
        Assert.Equal("\"never mind\"", after?.SerializedOutput);
    }

    [Fact]
    public async Task SuspendAndResume_EventWhileSuspended_IsHeldUntilResumed()
    {
        await using DurableTestHost host = CreateHost();
        await host.StartAsync();
        string id = await host.StartAsync("Waits");
        await host.WaitIdleAsync(id);

        await host.Client.SuspendInstanceAsync(id, "maintenance");
        await host.WaitIdleAsync(id);
        OrchestrationMetadata? suspended = await host.Client.GetInstanceAsync(id);
        await host.Client.RaiseEventAsync(id, "go", "now");
        await host.WaitIdleAsync(id);
        OrchestrationMetadata? stillSuspended = await host.Client.GetInstanceAsync(id);
        await host.Client.ResumeInstanceAsync(id, "done");
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, suspended?.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, stillSuspended?.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("now", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ControlOperations_UnknownInstance_ThrowArgumentException()
    {
        await using DurableTestHost host = CreateHost();
        await host.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => host.Client.RaiseEventAsync("nope", "go"));
        await Assert.ThrowsAsync<ArgumentException>(() => host.Client.SuspendInstanceAsync("nope"));
        await Assert.ThrowsAsync<ArgumentException>(() => host.Client.TerminateInstanceAsync("nope"));
        Assert.Null(await host.Client.GetInstanceAsync("nope"));
    }

    [Fact]
    public async Task Purge_CompletedInstance_RemovesIt_RunningInstance_IsRefused()
    {
        await using DurableTestHost host = CreateHost();
        await host.StartAsync();
        string done = await host.StartAsync("Echo", "x");
        await host.WaitAsync(done);
        string running = await host.StartAsync("Waits");
        await host.WaitIdleAsync(running);

        PurgeResult purged = await host.Client.PurgeInstanceAsync(done);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.PurgeInstanceAsync(running));
        var refusedByFilter = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(Statuses: [OrchestrationRuntimeStatus.Running])));

        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(done));
        Assert.Contains("Running", refused.Message, StringComparison.Ordinal);
        Assert.Contains("only Completed, Failed or Terminated", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Running", refusedByFilter.Message, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(running))?.RuntimeStatus);
        Assert.Empty(await host.Client.GetOrchestrationHistoryAsync(done));
    }

    [Fact]
    public async Task PurgeAll_WithoutStatuses_PurgesOnlyEndedInstancesInTheTimeRange()
    {
        await using DurableTestHost host = CreateHost();
        await host.StartAsync();
        string old = await host.StartAsync("Echo", "old");
        await host.WaitAsync(old);
        host.Time.Advance(TimeSpan.FromDays(1));
        DateTimeOffset cutoff = host.Time.GetUtcNow();
        string recent = await host.StartAsync("Echo", "recent");
        await host.WaitAsync(recent);
        string running = await host.StartAsync("Waits");
        await host.WaitIdleAsync(running);

        PurgeResult result = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedFrom: cutoff));

        Assert.Equal(1, result.PurgedInstanceCount);
        Assert.NotNull(await host.Client.GetInstanceAsync(old));
        Assert.Null(await host.Client.GetInstanceAsync(recent));
        Assert.NotNull(await host.Client.GetInstanceAsync(running));
    }

    [Fact]
    public async Task Query_ByPrefixStatusAndCreatedTime_PagesWithAContinuationToken()
    {
        await using DurableTestHost host = CreateHost();
        await host.StartAsync();
        for (int i = 0; i < 5; i++)
        {
            await host.WaitAsync(await host.StartAsync("Echo", $"e{i}", $"q-{i}"));
            host.Time.Advance(TimeSpan.FromMinutes(1));
        }

        string waiting = await host.StartAsync("Waits", null, "q-waiting");
        await host.StartAsync("Echo", "other", "other-1");
        await host.WaitIdleAsync(waiting);

        var pages = new List<Page<OrchestrationMetadata>>();
        await foreach (Page<OrchestrationMetadata> page in host.Client.GetAllInstancesAsync(
            new OrchestrationQuery(InstanceIdPrefix: "q-", Statuses: [OrchestrationRuntimeStatus.Completed], PageSize: 2, FetchInputsAndOutputs: true)).AsPages())
        {
            pages.Add(page);
        }

        List<OrchestrationMetadata> recent = await ToListAsync(host.Client.GetAllInstancesAsync(
            new OrchestrationQuery(CreatedFrom: host.Time.GetUtcNow().AddMinutes(-1.5), InstanceIdPrefix: "q-")));

        Assert.Equal([2, 2, 1], pages.Select(p => p.Values.Count));
        Assert.NotNull(pages[0].ContinuationToken);
        Assert.Null(pages[2].ContinuationToken);
        Assert.Equal(["q-0", "q-1", "q-2", "q-3", "q-4"], pages.SelectMany(p => p.Values).Select(m => m.InstanceId));
        Assert.Equal("\"E3\"", pages[1].Values[1].SerializedOutput);
        Assert.Equal(["q-4", "q-waiting"], recent.Select(m => m.InstanceId).Order());
    }

    [Fact]
    public async Task Start_SameIdWhileRunning_ThrowsAlreadyExists_AfterItEnded_ReplacesIt()
    {
        await using DurableTestHost host = CreateHost();
        await host.StartAsync();
        await host.StartAsync("Waits", null, "dup");
        await host.WaitIdleAsync("dup");

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.StartAsync("Waits", null, "dup"));
        await host.Client.RaiseEventAsync("dup", "go", "first");
        OrchestrationMetadata first = await host.WaitAsync("dup");
        await host.StartAsync("Echo", "second", "dup");
        OrchestrationMetadata second = await host.WaitAsync("dup");

        Assert.Equal("first", first.ReadOutputAs<string>());
        Assert.Equal("Echo", second.Name);
        Assert.Equal("SECOND", second.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Restart_EndedInstance_RunsAgainWithTheSameInput_RunningInstance_IsRefused()
    {
        int runs = 0;
        await using var host = new DurableTestHost();
        host.Orchestrator<string, string>("Counts", (context, input) => context.CallActivityAsync<string>("Count", input))
            .Activity<string, string>("Count", input => $"{input}#{Interlocked.Increment(ref runs)}")
            .Orchestrator<string, string>("Waits", (context, _) => context.WaitForExternalEvent<string>("go"));
        await host.StartAsync();
        string id = await host.StartAsync("Counts", "in", "r1");
        await host.WaitAsync(id);

        string sameId = await host.Client.RestartAsync(id);
        OrchestrationMetadata again = await host.WaitAsync(sameId);
        string newId = await host.Client.RestartAsync(id, restartWithNewInstanceId: true);
        OrchestrationMetadata copy = await host.WaitAsync(newId);
        string running = await host.StartAsync("Waits");
        await host.WaitIdleAsync(running);

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.RestartAsync(running));
        Assert.Equal("r1", sameId);
        Assert.Equal("in#2", again.ReadOutputAs<string>());
        Assert.NotEqual(id, newId);
        Assert.Equal("in#3", copy.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForCompletion_Cancelled_ThrowsOperationCanceled()
    {
        await using DurableTestHost host = CreateHost();
        await host.StartAsync();
        string id = await host.StartAsync("Waits");
        using var cancel = new CancellationTokenSource();

        Task<OrchestrationMetadata> wait = host.Client.WaitForInstanceCompletionAsync(id, cancellation: cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(DurableTestHost.Timeout));
    }

    [Fact]
    public async Task ProviderWithoutQueryPurgeOrRewind_ThoseCallsThrowNotSupported()
    {
        var service = new Mock<IOrchestrationServiceClient>(MockBehavior.Strict);
        await using var client = new DurableTaskCoreClient(service.Object);

        Assert.Throws<NotSupportedException>(() => client.GetAllInstancesAsync());
        await Assert.ThrowsAsync<NotSupportedException>(() => client.PurgeInstanceAsync("x"));
        await Assert.ThrowsAsync<NotSupportedException>(() => client.PurgeAllInstancesAsync(new PurgeInstancesFilter()));
        await Assert.ThrowsAsync<NotSupportedException>(() => client.RewindInstanceAsync("x", "why"));
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
