using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using MarketoExport.AzureStorage.Tests.Azurite;
using MarketoExport.Durable;
using MarketoExport.Durable.AzureStorage;
using MarketoExport.TestHelpers;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketoExport.AzureStorage.Tests.Provider;

/// <summary>
/// The client side of the Azure Storage backend as the project configures it, on Azurite: what the provider alone
/// does differently (silent second start, purge of a running instance, unsafe rewind) is changed or refused.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageBackendTests(AzuriteFixture azurite)
{
    private const string Waiter = "Waiter";
    private const string Parent = "Parent";
    private const string Echo = "Echo";
    private const string Go = "go";

    [Fact]
    public async Task AddDurableTask_BackendAzureStorageFromConfiguration_RunsAnOrchestrationOnTheHub()
    {
        string hub = azurite.NewTaskHub("Di");
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Durable:Backend"] = "AzureStorage",
            ["Durable:AzureStorage:ConnectionString"] = azurite.ConnectionString,
            ["Durable:AzureStorage:TaskHub"] = hub,
            ["Durable:AzureStorage:WorkerId"] = "di-worker",
            ["Durable:AzureStorage:MaxPollingIntervalSeconds"] = "0.2",
        }).Build();
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDurableTask(
            configuration,
            _ => throw new InvalidOperationException("the SQLite backend must not be configured"),
            r => r.AddOrchestratorFunc<string, string>(Echo, (c, input) => c.CallActivityAsync<string>(Echo, input))
                  .AddActivityFunc<string, string>(Echo, (_, input) => $"echo {input}"));
        using IHost host = builder.Build();
        await host.StartAsync();
        DurableTaskClient sut = host.Services.GetRequiredService<DurableTaskClient>();

        string id = await sut.ScheduleNewOrchestrationInstanceAsync(Echo, "hello");
        OrchestrationMetadata done = await WaitAsync(sut, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("echo hello", done.ReadOutputAs<string>());
        Assert.IsType<AzureStorageOrchestrationClient>(host.Services.GetRequiredService<global::DurableTask.Core.IOrchestrationServiceClient>());
        await host.StopAsync();
    }

    [Fact]
    public async Task Schedule_InstanceAlreadyRunning_ThrowsAlreadyExistsAndKeepsTheRunningOne()
    {
        await using AzureStorageTestHost host = await StartAsync("Dedupe");

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(Waiter, "first", new StartOrchestrationOptions("run-1"));
        await host.Client.WaitForInstanceStartAsync(id).WaitAsync(AzureStorageTestHost.Timeout);
        OrchestrationAlreadyExistsException refused = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(
            () => host.Client.ScheduleNewOrchestrationInstanceAsync(Waiter, "second", new StartOrchestrationOptions("run-1")));
        await host.Client.RaiseEventAsync(id, Go);
        OrchestrationMetadata done = await WaitAsync(host.Client, id);

        Assert.Contains("run-1", refused.Message, StringComparison.Ordinal);
        Assert.Equal("first", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Schedule_TwoClientsStartOneIdAtOnce_ExactlyOneStartsAndItsInputRuns()
    {
        await using AzureStorageTestHost host = await StartAsync("Race");
        (DurableTaskCoreClient other, global::DurableTask.AzureStorage.AzureStorageOrchestrationService otherService) = host.OtherClient();
        using (otherService)
        {
            Task<string> a = host.Client.ScheduleNewOrchestrationInstanceAsync(Waiter, "from-a", new StartOrchestrationOptions("race-1"));
            Task<string> b = other.ScheduleNewOrchestrationInstanceAsync(Waiter, "from-b", new StartOrchestrationOptions("race-1"));
            Exception? errorA = await Record.ExceptionAsync(() => a);
            Exception? errorB = await Record.ExceptionAsync(() => b);
            await host.Client.WaitForInstanceStartAsync("race-1").WaitAsync(AzureStorageTestHost.Timeout);
            await host.Client.RaiseEventAsync("race-1", Go);
            OrchestrationMetadata done = await WaitAsync(host.Client, "race-1");

            Assert.True((errorA is null) != (errorB is null), $"exactly one start must win: a={errorA?.Message ?? "ok"}, b={errorB?.Message ?? "ok"}");
            Assert.IsType<OrchestrationAlreadyExistsException>(errorA ?? errorB);
            Assert.Equal(errorA is null ? "from-a" : "from-b", done.ReadOutputAs<string>());
        }
    }

    [Fact]
    public async Task Purge_RunningInstance_RefusedAndTheInstanceKept_EndedInstance_Purged()
    {
        await using AzureStorageTestHost host = await StartAsync("Purge");
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(Waiter, "x", new StartOrchestrationOptions("purge-1"));
        await host.Client.WaitForInstanceStartAsync(id).WaitAsync(AzureStorageTestHost.Timeout);
        AzureStorageOrchestrationClient provider = AzureStorageBackend.CreateClient(host.Service);

        InvalidOperationException direct = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.PurgeInstanceStateAsync(id));
        InvalidOperationException byFilter = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(Statuses: [OrchestrationRuntimeStatus.Running])));
        PurgeResult allEnded = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter());
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(id))?.RuntimeStatus);

        await host.Client.RaiseEventAsync(id, Go);
        await WaitAsync(host.Client, id);
        PurgeResult purged = await host.Client.PurgeInstanceAsync(id);

        Assert.Contains("Running", direct.Message, StringComparison.Ordinal);
        Assert.Contains("Running", byFilter.Message, StringComparison.Ordinal);
        Assert.Equal(0, allEnded.PurgedInstanceCount);
        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(id));
    }

    [Fact]
    public async Task Rewind_FailedInstance_NotSupportedNamingTheReasonAndNothingChanges()
    {
        await using AzureStorageTestHost host = await StartAsync("Rewind", r => r
            .AddOrchestratorFunc<string, string>("Fails", (c, _) => c.CallActivityAsync<string>("Throws"))
            .AddActivityFunc<string, string>("Throws", (_, _) => Task.FromException<string>(new InvalidOperationException("boom"))));
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Fails", "x");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await WaitAsync(host.Client, id)).RuntimeStatus);

        NotSupportedException refused = await Assert.ThrowsAsync<NotSupportedException>(() => host.Client.RewindInstanceAsync(id, "try again"));

        Assert.Equal(AzureStorageOrchestrationClient.RewindRefusal, refused.Message);
        Assert.StartsWith("the Azure Storage backend cannot rewind safely; restart", refused.Message, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await host.Client.GetInstanceAsync(id))?.RuntimeStatus);
    }

    [Fact]
    public async Task Terminate_Recursive_TerminatesTheParentAndItsRunningChild()
    {
        await using AzureStorageTestHost host = await StartAsync("Terminate");
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(Parent, "x", new StartOrchestrationOptions("parent-1"));
        OrchestrationMetadata child = await WaitForStatusAsync(host.Client, "parent-1:child", OrchestrationRuntimeStatus.Running);

        await host.Client.TerminateInstanceAsync(id, new TerminateInstanceOptions(Output: "stop", Recursive: true));
        OrchestrationMetadata parentDone = await WaitAsync(host.Client, id);
        OrchestrationMetadata childDone = await WaitAsync(host.Client, child.InstanceId);
        IList<HistoryEvent> history = await host.Client.GetOrchestrationHistoryAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, parentDone.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, childDone.RuntimeStatus);
        Assert.Equal(Parent, Assert.Single(history.OfType<ExecutionStartedEvent>()).Name);
        Assert.Equal("parent-1:child", Assert.Single(history.OfType<SubOrchestrationInstanceCreatedEvent>()).InstanceId);
        Assert.Single(history.OfType<ExecutionTerminatedEvent>());
    }

    private async Task<AzureStorageTestHost> StartAsync(string hubPrefix, Action<DurableTaskRegistry>? register = null)
    {
        var host = new AzureStorageTestHost(azurite, hubPrefix);
        host.Registry.AddOrchestratorFunc<string, string>(Waiter, async (c, input) =>
        {
            await c.WaitForExternalEvent<object>(Go);
            return input;
        });
        host.Registry.AddOrchestratorFunc<string, string>(Parent, (c, input) =>
            c.CallSubOrchestratorAsync<string>(Waiter, input, new SubOrchestrationOptions { InstanceId = c.InstanceId + ":child" }));
        register?.Invoke(host.Registry);
        await host.StartAsync();
        return host;
    }

    private static async Task<OrchestrationMetadata> WaitAsync(DurableTaskClient client, string id)
    {
        using var timeout = new CancellationTokenSource(AzureStorageTestHost.Timeout);
        return await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>
    /// Polls the instance (bounded): a child created by an orchestrator has no start the test could wait on, and
    /// Azure Storage has no change notifications.
    /// </summary>
    private static async Task<OrchestrationMetadata> WaitForStatusAsync(DurableTaskClient client, string id, OrchestrationRuntimeStatus status)
    {
        using var timeout = new CancellationTokenSource(AzureStorageTestHost.Timeout);
        while (true)
        {
            if (await client.GetInstanceAsync(id, timeout.Token) is { } meta && meta.RuntimeStatus == status)
            {
                return meta;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
