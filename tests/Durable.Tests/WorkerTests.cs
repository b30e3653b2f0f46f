using MarketoExport.Durable.Sqlite;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketoExport.Durable.Tests;

/// <summary><see cref="LocalDurableWorker"/>: delivery attempts, stop, DI and hosting.</summary>
public sealed class WorkerTests
{
    [Fact]
    public async Task Activity_FirstDelivery_SeesAttemptOneThroughTheAccessor()
    {
        var probe = new DeliveryProbe();
        await using var host = new DurableTestHost();
        host.Services.AddSingleton(probe);
        host.Registry.AddActivity<DeliveryProbeActivity>();
        host.Orchestrator<string, string>("Calls", (context, input) => context.CallActivityAsync<string>(nameof(DeliveryProbeActivity), input));
        await host.StartAsync();

        OrchestrationMetadata done = await host.WaitAsync(await host.StartAsync("Calls", "go"));

        Assert.Equal("attempt 1", done.ReadOutputAs<string>());
        Assert.Equal(0, LocalDurableWorker.DeliveryInfo.Attempt);
    }

    [Fact]
    public async Task Stop_WhileAnActivityRuns_CancelsIt_AndAfterRestartItRunsAgainAsARedelivery()
    {
        var probe = new DeliveryProbe();
        await using var host = new DurableTestHost();
        host.WorkerOptions.StopGracePeriod = TimeSpan.Zero;
        host.Services.AddSingleton(probe);
        host.Registry.AddActivity<DeliveryProbeActivity>();
        host.Orchestrator<string, string>("Calls", (context, input) => context.CallActivityAsync<string>(nameof(DeliveryProbeActivity), input));
        await host.StartAsync();
        string id = await host.StartAsync("Calls", "hold");
        int firstAttempt = await probe.Started.Task.WaitAsync(DurableTestHost.Timeout);

        await host.Worker.StopAsync();
        int runningAfterStop = host.Worker.RunningWorkItems;
        OrchestrationMetadata? afterStop = await host.Client.GetInstanceAsync(id);
        await host.RestartAsync();
        OrchestrationMetadata done = await host.WaitAsync(id);

        Assert.Equal(1, firstAttempt);
        Assert.Equal(0, runningAfterStop);
        Assert.Equal(OrchestrationRuntimeStatus.Running, afterStop?.RuntimeStatus);
        Assert.Equal("attempt 2", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task AddLocalDurableTask_InAGenericHost_RunsOrchestrationsThroughTheRegisteredClient()
    {
        string directory = Path.Combine(Path.GetTempPath(), "durable-host-tests", Guid.NewGuid().ToString("N"));
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<DeliveryProbe>();
        builder.Services.AddLocalDurableTask(
            o => o.DatabasePath = Path.Combine(directory, "hosted.db"),
            r => r.AddOrchestrator<SequenceOrchestrator>().AddActivity<AppendActivity>().AddActivity<DeliveryProbeActivity>(),
            w => w.RewindModes[nameof(SequenceOrchestrator)] = RewindMode.FromFirstFailure);
        using IHost app = builder.Build();

        await app.StartAsync();
        DurableTaskClient client = app.Services.GetRequiredService<DurableTaskClient>();
        string id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(SequenceOrchestrator), new SequenceInput("h", 3));
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true).WaitAsync(DurableTestHost.Timeout);
        LocalDurableWorker worker = app.Services.GetRequiredService<LocalDurableWorker>();
        await app.StopAsync();

        Assert.Equal("h012", done.ReadOutputAs<string>());
        Assert.IsType<DurableTaskCoreClient>(client);
        Assert.IsType<SqliteOrchestrationService>(worker.OrchestrationService);
        Assert.Equal(RewindMode.FromFirstFailure, worker.Options.RewindModeOf(nameof(SequenceOrchestrator)));
        Assert.Same(LocalDurableWorker.DeliveryInfo, app.Services.GetRequiredService<IActivityDeliveryInfo>());
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void AddLocalDurableTask_WithoutADatabasePath_FailsValidationAtStart()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLocalDurableTask(_ => { }, r => r.AddOrchestrator<SequenceOrchestrator>());
        using IHost app = builder.Build();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SqliteOrchestrationServiceOptions>>().Value);

        Assert.Contains(nameof(SqliteOrchestrationServiceOptions.DatabasePath), error.Message, StringComparison.Ordinal);
    }
}
