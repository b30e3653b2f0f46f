using MarketoExport.AzureStorage.Tests.Azurite;
using MarketoExport.Durable.AzureStorage;
using MarketoExport.TestHelpers;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace MarketoExport.AzureStorage.Tests.Provider;

/// <summary>
/// Why <see cref="AzureStorageOrchestrationClient.RewindRefusal"/> exists: DurableTask.AzureStorage's own rewind on the
/// simplest shape this project uses, an activity behind a <see cref="RetryPolicy"/>. If a later provider version
/// rewinds it correctly, this test fails, and the refusal should be reconsidered.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProviderRewindTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RewindTaskOrchestrationAsync_ActivityWithRetries_RunsItAgainYetFailsNonDeterministically()
    {
        int calls = 0;
        await using var host = new AzureStorageTestHost(azurite, "ProviderRewind");
        host.Registry.AddOrchestratorFunc<string, string>("Retried", (c, input) => c.CallActivityAsync<string>(
            "Flaky", input, TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromMilliseconds(100)))));
        host.Registry.AddActivityFunc<string, string>("Flaky", (_, input) => Interlocked.Increment(ref calls) <= 2
            ? Task.FromException<string>(new InvalidOperationException("flaky"))
            : Task.FromResult(input));
        await host.StartAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Retried", "x");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await WaitAsync(host.Client, id)).RuntimeStatus);

        await host.Service.RewindTaskOrchestrationAsync(id, "rewind");
        OrchestrationMetadata after = await WaitAsync(host.Client, id);

        // The rewind turned both failed attempts (the handled one too) into pending work but kept the retry timer
        // between them: the replay schedules the activity again (a third call, which succeeds) and then meets a
        // timer in history that the orchestrator did not create.
        Assert.Equal(3, calls);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, after.RuntimeStatus);
        Assert.Contains("NonDeterministicOrchestrationException", after.SerializedOutput, StringComparison.Ordinal);
    }

    private static async Task<OrchestrationMetadata> WaitAsync(DurableTaskClient client, string id)
    {
        using var timeout = new CancellationTokenSource(AzureStorageTestHost.Timeout);
        return await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }
}
