using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace MarketoExport.Durable.Tests;

/// <summary>Failure details across activities, sub-orchestrations, retries and the client.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task ActivityFailure_CaughtInOrchestrator_IsATaskFailedExceptionCausedByTheActivitysException()
    {
        await using var host = new DurableTestHost();
        host.Orchestrator<string, string>("Catches", async (context, _) =>
            {
                try
                {
                    await context.CallActivityAsync<string>("Refuses");
                    return "no failure";
                }
                catch (TaskFailedException ex)
                {
                    return $"{ex.FailureDetails.IsCausedBy<UnauthorizedAccessException>()}|{ex.FailureDetails.IsCausedBy<SystemException>()}|" +
                           $"{ex.FailureDetails.IsCausedBy<TimeoutException>()}|{ex.FailureDetails.ErrorMessage}";
                }
            })
            .Activity<string, string>("Refuses", _ => throw new UnauthorizedAccessException("credentials refused"));
        await host.StartAsync();

        OrchestrationMetadata done = await host.WaitAsync(await host.StartAsync("Catches"));

        Assert.Equal("True|True|False|credentials refused", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ActivityFailureInsideSubOrchestration_ReachesParentAndClientWithInnerCauseIntact()
    {
        await using var host = new DurableTestHost();
        host.Orchestrator<string, string>("Parent", async (context, _) =>
            {
                try
                {
                    return await context.CallSubOrchestratorAsync<string>("Child", null, new SubOrchestrationOptions { InstanceId = "child-1" });
                }
                catch (TaskFailedException ex) when (!ex.FailureDetails.IsCausedBy<UnauthorizedAccessException>() && ex.FailureDetails.HasCause<UnauthorizedAccessException>())
                {
                    throw new InvalidOperationException("alert: Marketo refused the credentials", ex);
                }
            })
            .Orchestrator<string, string>("Child", (context, _) => context.CallActivityAsync<string>("Refuses"))
            .Activity<string, string>("Refuses", _ => throw new UnauthorizedAccessException("credentials refused"));
        await host.StartAsync();

        OrchestrationMetadata parent = await host.WaitAsync(await host.StartAsync("Parent", null, "parent-1"));
        OrchestrationMetadata? child = await host.Client.GetInstanceAsync("child-1");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, parent.RuntimeStatus);
        TaskFailureDetails failure = parent.FailureDetails!;
        string chain = string.Join(" <- ", Chain(failure));
        Assert.True(failure.IsCausedBy<InvalidOperationException>(), chain);
        Assert.Equal("alert: Marketo refused the credentials", failure.ErrorMessage);
        Assert.Equal(
            [
                "System.InvalidOperationException: alert: Marketo refused the credentials",
                "Microsoft.DurableTask.TaskFailedException: Task 'Child' (#0) failed with an unhandled exception: Task 'Refuses' (#0) failed with an unhandled exception: credentials refused",
                "Microsoft.DurableTask.TaskFailedException: Task 'Refuses' (#0) failed with an unhandled exception: credentials refused",
                "System.UnauthorizedAccessException: credentials refused",
            ],
            Chain(failure));
        Assert.True(failure.HasCause<UnauthorizedAccessException>());
        Assert.Equal(OrchestrationRuntimeStatus.Failed, child?.RuntimeStatus);
        Assert.True(child!.FailureDetails!.IsCausedBy<TaskFailedException>());
        Assert.True(child.FailureDetails.InnerFailure!.IsCausedBy<UnauthorizedAccessException>());
    }

    [Fact]
    public async Task RetryPolicy_HandleFailure_RetriesOnlyTheTransientFailures()
    {
        var attempts = new Dictionary<string, int>();
        await using var host = new DurableTestHost();
        var retry = new RetryPolicy(4, TimeSpan.FromSeconds(10)) { HandleFailure = f => f.IsCausedBy<TimeoutException>() };
        host.Orchestrator<string, string[]>("Retries", async (context, _) =>
            {
                string transient = await context.CallActivityAsync<string>("Flaky", "transient", TaskOptions.FromRetryPolicy(retry));
                try
                {
                    await context.CallActivityAsync<string>("Flaky", "permanent", TaskOptions.FromRetryPolicy(retry));
                    return [transient, "no failure"];
                }
                catch (TaskFailedException ex)
                {
                    return [transient, ex.FailureDetails.ErrorType];
                }
            })
            .Activity<string, string>("Flaky", kind =>
            {
                int attempt;
                lock (attempts)
                {
                    attempts[kind] = attempt = attempts.GetValueOrDefault(kind) + 1;
                }

                return kind == "transient" && attempt < 3 ? throw new TimeoutException("slow") :
                       kind == "permanent" ? throw new UnauthorizedAccessException("no") : $"ok after {attempt}";
            });
        await host.StartAsync();

        string id = await host.StartAsync("Retries");
        for (int wait = 0; wait < 2; wait++)
        {
            // Each retry waits on a durable timer of the orchestration clock.
            await host.WaitIdleAsync(id);
            host.Time.Advance(TimeSpan.FromSeconds(10));
        }

        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal(["ok after 3", typeof(UnauthorizedAccessException).FullName!], done.ReadOutputAs<string[]>()!);
        Assert.Equal(3, attempts["transient"]);
        Assert.Equal(1, attempts["permanent"]);
    }

    [Fact]
    public async Task OrchestratorThrows_ClientMetadataCarriesTypeMessageAndCause()
    {
        await using var host = new DurableTestHost();
        host.Orchestrator<string, string>("Throws", (_, _) => throw new ArgumentOutOfRangeException("window", "window too wide"));
        await host.StartAsync();

        OrchestrationMetadata done = await host.WaitAsync(await host.StartAsync("Throws"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.True(done.FailureDetails!.IsCausedBy<ArgumentException>());
        Assert.StartsWith("window too wide", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Chain(TaskFailureDetails? failure)
    {
        for (; failure is not null; failure = failure.InnerFailure)
        {
            yield return $"{failure.ErrorType}: {failure.ErrorMessage}";
        }
    }
}
