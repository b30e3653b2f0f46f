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
    }
}
