using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace MarketoExport.Durable.Tests;

/// <summary>Durable timers and the orchestration clock under a <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/>.</summary>
public sealed class TimerTests
{
    [Fact]
    public async Task Timer_UnderFakeTime_OrchestratorSeesFakeTimeAndTimerFiresOnlyAfterAdvance()
    {
        await using var host = new DurableTestHost();
        host.Orchestrator<string, DateTime[]>("Nap", async (context, _) =>
        {
            DateTime before = context.CurrentUtcDateTime;
            await context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
            return [before, context.CurrentUtcDateTime];
        });
        await host.StartAsync();
        DateTime start = host.Time.GetUtcNow().UtcDateTime;

        string id = await host.StartAsync("Nap");
        await host.WaitIdleAsync(id);
        host.Time.Advance(TimeSpan.FromMinutes(59));
        await host.WaitIdleAsync(id);
        OrchestrationMetadata? beforeDue = await host.Client.GetInstanceAsync(id);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, beforeDue?.RuntimeStatus);
        DateTime[] times = done.ReadOutputAs<DateTime[]>()!;
        Assert.Equal(start, times[0]);
        Assert.Equal(start.AddHours(1), times[1]);
    }

    [Fact]
    public async Task Timer_WorkerRestartedWhileItWaits_FiresOnTheNewWorker()
    {
        await using var host = new DurableTestHost();
        host.Orchestrator<int, string>("LongNap", async (context, minutes) =>
        {
            await context.CreateTimer(context.CurrentUtcDateTime.AddMinutes(minutes), CancellationToken.None);
            return await context.CallActivityAsync<string>("Wake", minutes);
        })
        .Activity<int, string>("Wake", minutes => $"woke after {minutes}");
        await host.StartAsync();

        string id = await host.StartAsync("LongNap", 30);
        await host.WaitIdleAsync(id);
        await host.RestartAsync();
        host.Time.Advance(TimeSpan.FromMinutes(30));
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal("woke after 30", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ScheduledStart_StartAtInTheFuture_StaysPendingUntilDue()
    {
        await using var host = new DurableTestHost();
        host.Orchestrator<string, DateTime>("Scheduled", (context, _) => Task.FromResult(context.CurrentUtcDateTime));
        await host.StartAsync();
        DateTimeOffset due = host.Time.GetUtcNow().AddMinutes(10);

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Scheduled", null, new StartOrchestrationOptions("later", due));
        await host.WaitIdleAsync(id);
        OrchestrationMetadata? pending = await host.Client.GetInstanceAsync(id);
        host.Time.Advance(TimeSpan.FromMinutes(10));
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending?.RuntimeStatus);
        Assert.Equal(due.UtcDateTime, done.ReadOutputAs<DateTime>());
    }
}
