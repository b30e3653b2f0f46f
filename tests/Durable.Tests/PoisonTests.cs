using SessionAbortedException = DurableTask.Core.Exceptions.SessionAbortedException;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace MarketoExport.Durable.Tests;

/// <summary>Work items dispatched the maximum number of times without completing are parked.</summary>
public sealed class PoisonTests
{
    [Fact]
    public async Task Activity_WhoseDeliveryIsLostEveryTime_IsParkedAndItsOrchestratorDecides()
    {
        int runs = 0;
        await using var host = new DurableTestHost();
        host.StoreOptions.MaxDispatchAttempts = 3;
        host.Orchestrator<string, string>("Caller", async (context, _) =>
            {
                try
                {
                    return await context.CallActivityAsync<string>("Dies");
                }
                catch (TaskFailedException ex) when (ex.FailureDetails.IsCausedBy<PoisonWorkItemException>())
                {
                    return "parked: " + ex.FailureDetails.ErrorMessage;
                }
            })
            // A SessionAbortedException out of the activity makes DurableTask.Core abandon the work item, as if
            // the process had died while it ran.
            .Activity<string, string>("Dies", _ => throw new SessionAbortedException($"lost delivery {Interlocked.Increment(ref runs)}"));
        await host.StartAsync();

        OrchestrationMetadata done = await host.WaitAsync(await host.StartAsync("Caller"));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.StartsWith("parked: Activity 'Dies' (task 0 of instance", done.ReadOutputAs<string>(), StringComparison.Ordinal);
        Assert.Contains("dispatched 3 times without completing", done.ReadOutputAs<string>(), StringComparison.Ordinal);
        Assert.Equal(3, runs);
    }

    [Fact]
    public async Task Activity_ThatThrows_IsAnOrdinaryFailureNotPoison()
    {
        int runs = 0;
        await using var host = new DurableTestHost();
        host.StoreOptions.MaxDispatchAttempts = 1;
        host.Orchestrator<string, string>("Caller", (context, _) => context.CallActivityAsync<string>("Throws"))
            .Activity<string, string>("Throws", _ => throw new InvalidDataException($"bad file {Interlocked.Increment(ref runs)}"));
        await host.StartAsync();

        OrchestrationMetadata done = await host.WaitAsync(await host.StartAsync("Caller"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.True(done.FailureDetails.HasCause<InvalidDataException>());
        Assert.False(done.FailureDetails.HasCause<PoisonWorkItemException>());
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task OrchestrationTurn_ThatAlwaysFailsInsideTheDispatcher_ParksTheInstanceAsFailedAndTellsTheParent()
    {
        int created = 0;
        await using var host = new DurableTestHost();
        host.StoreOptions.MaxDispatchAttempts = 3;
        host.Registry.AddOrchestrator("Broken", () =>
        {
            Interlocked.Increment(ref created);
            throw new InvalidOperationException("cannot build the orchestrator");
        });
        host.Orchestrator<string, string>("Parent", async (context, _) =>
        {
            try
            {
                return await context.CallSubOrchestratorAsync<string>("Broken", null, new SubOrchestrationOptions { InstanceId = "broken-child" });
            }
            catch (TaskFailedException ex)
            {
                return $"child parked: {ex.FailureDetails.IsCausedBy<PoisonWorkItemException>()}";
            }
        });
        await host.StartAsync();

        OrchestrationMetadata parent = await host.WaitAsync(await host.StartAsync("Parent"));
        OrchestrationMetadata child = await host.WaitAsync("broken-child");

        Assert.Equal("child parked: True", parent.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Failed, child.RuntimeStatus);
        Assert.True(child.FailureDetails!.IsCausedBy<PoisonWorkItemException>());
        Assert.Contains("dispatched 3 times without completing", child.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(3, created);
    }
}
