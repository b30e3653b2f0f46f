using MarketoExport.Orchestrations.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketoExport.Runtime.Embedded.Tests;

public sealed class EngineLifecycleTests
{
    [Fact]
    public async Task StartAsync_SecondEngineOnSameDatabase_ThrowsDatabaseLockedNamingFileAndPid()
    {
        await using var host = new TestEngine();
        await host.StartAsync();

        var error = await Assert.ThrowsAsync<DatabaseLockedException>(
            () => EmbeddedEngine.StartAsync(host.Options, host.Registry, host.Services, host.Time));
        await host.StopAsync();
        await using EmbeddedEngine afterRelease = await EmbeddedEngine.StartAsync(host.Options, host.Registry, host.Services, host.Time);

        Assert.Contains(Path.GetFullPath(host.DatabasePath), error.Message, StringComparison.Ordinal);
        Assert.Contains($"process id {Environment.ProcessId}", error.Message, StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessId, error.OwnerProcessId);
    }

    [Fact]
    public async Task Activity_InterruptedOnEveryDispatch_ParkedAsFailedAfterMaxDispatchAttempts()
    {
        int invocations = 0;
        var started = new SemaphoreSlim(0);
        await using var host = new TestEngine(o => o.MaxDispatchAttempts = 2);
        host.Orchestrator<int, int>("Hangs", async (context, _) => await context.CallActivityAsync<int>("Hang", 0))
            .Activity<int, int>("Hang", async (_, _, ct) =>
            {
                Interlocked.Increment(ref invocations);
                started.Release();
                var never = new TaskCompletionSource<int>();
                using CancellationTokenRegistration registration = ct.Register(() => never.TrySetCanceled(ct));
                return await never.Task;
            });
        EmbeddedEngine engine = await host.StartAsync();
        string id = await engine.ScheduleNewOrchestrationInstanceAsync("Hangs", 0);

        Assert.True(await started.WaitAsync(TestEngine.Timeout));
        await host.RestartAsync();
        Assert.True(await started.WaitAsync(TestEngine.Timeout));
        engine = await host.RestartAsync();
        OrchestrationMetadata result = await host.WaitAsync(id);
        List<(string Name, int TaskId, string? Error)> parked = await engine.GetParkedActivitiesAsync(id);

        Assert.Equal(2, invocations);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(PoisonWorkItemException).FullName, result.FailureDetails!.ErrorType);
        Assert.Contains("'Hang'", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("Hang", Assert.Single(parked).Name);
    }

    [Fact]
    public async Task Orchestration_TurnThatCannotBeProcessed_ParkedAsFailedAfterMaxDispatchAttempts()
    {
        int builds = 0;
        await using var host = new TestEngine(o => o.MaxDispatchAttempts = 3);
        host.Registry.AddOrchestrator("Broken", _ =>
        {
            Interlocked.Increment(ref builds);
            throw new InvalidOperationException("dependency missing");
        });
        EmbeddedEngine sut = await host.StartAsync();

        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Broken", 0);
        OrchestrationMetadata result = await host.WaitAsync(id);

        Assert.Equal(3, builds);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(PoisonWorkItemException).FullName, result.FailureDetails!.ErrorType);
        Assert.Contains("dependency missing", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleNew_UnregisteredOrchestrator_ThrowsNamingIt()
    {
        await using var host = new TestEngine();
        EmbeddedEngine sut = await host.StartAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => sut.ScheduleNewOrchestrationInstanceAsync("Nope"));

        Assert.Contains("'Nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEmbeddedDurableEngine_HostStarted_ClientRunsOrchestrationWithScopedActivities()
    {
        string directory = Path.Combine(Path.GetTempPath(), "engine-tests", Guid.NewGuid().ToString("N"));
        using IHost app = new HostBuilder()
            .ConfigureServices(services => services
                .AddScoped<ScopeProbe>()
                .AddEmbeddedDurableEngine(
                    o => o.DatabasePath = Path.Combine(directory, "host.db"),
                    r => r.AddOrchestrator("Twice", _ => new LambdaOrchestrator<int, int[]>(async (context, _) =>
                            [await context.CallActivityAsync<int>(nameof(ScopedActivity), 0), await context.CallActivityAsync<int>(nameof(ScopedActivity), 0)]))
                        .AddActivity<ScopedActivity>(nameof(ScopedActivity))))
            .Build();
        await app.StartAsync();
        IOrchestrationClient client = app.Services.GetRequiredService<IOrchestrationClient>();

        string id = await client.ScheduleNewOrchestrationInstanceAsync("Twice");
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true).WaitAsync(TestEngine.Timeout);
        await app.StopAsync();
        Directory.Delete(directory, recursive: true);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        int[] scopes = System.Text.Json.JsonSerializer.Deserialize<int[]>(done.SerializedOutput!)!;
        Assert.Equal(2, scopes.Length);
        Assert.NotEqual(scopes[0], scopes[1]);
    }

    [Fact]
    public async Task AddEmbeddedDurableEngine_NoDatabasePath_HostStartFailsWithValidationError()
    {
        using IHost app = new HostBuilder()
            .ConfigureServices(services => services.AddEmbeddedDurableEngine(_ => { }, _ => { }))
            .Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains("DatabasePath", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A scoped service: one instance per activity call.</summary>
    private sealed class ScopeProbe
    {
        private static int s_next;

        public int Id { get; } = Interlocked.Increment(ref s_next);
    }

    private sealed class ScopedActivity(ScopeProbe probe) : Activity<int, int>
    {
        public override Task<int> RunAsync(ActivityContext context, int input, CancellationToken cancellationToken) => Task.FromResult(probe.Id);
    }
}
