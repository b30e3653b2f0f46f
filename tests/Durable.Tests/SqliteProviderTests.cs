using DurableTask.Core;
using DurableTask.Core.History;
using MarketoExport.Durable.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace MarketoExport.Durable.Tests;

/// <summary>The SQLite provider's peek-lock queues, driven directly (no worker), with fake clocks.</summary>
public sealed class SqliteProviderTests : IDisposable
{
    private static readonly CancellationToken LookOnce = new(canceled: true);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "durable-provider-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeTimeProvider _lockClock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public SqliteProviderTests() => Directory.CreateDirectory(_directory);

    private string DatabasePath => Path.Combine(_directory, "provider.db");

    [Fact]
    public async Task ActivityMessage_AbandonedThenLockedAgain_IsDeliveredAsAttemptTwo()
    {
        await using SqliteOrchestrationService sut = CreateSut();
        await ScheduleActivityAsync(sut, "i1");

        TaskActivityWorkItem first = await sut.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), LookOnce);
        TaskActivityWorkItem? whileLocked = await sut.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), LookOnce);
        await sut.AbandonTaskActivityWorkItemAsync(first);
        TaskActivityWorkItem second = await sut.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), LookOnce);

        Assert.Equal(1, first.DeliveryAttempt);
        Assert.Null(whileLocked);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.DeliveryAttempt);
        Assert.Equal("Act", ((TaskScheduledEvent)second.TaskMessage.Event).Name);
    }

    [Fact]
    public async Task ActivityLock_RenewedBeforeExpiry_HoldsUntilTheNewExpiry_ThenTheMessageIsRedelivered()
    {
        await using SqliteOrchestrationService sut = CreateSut(o => o.LockTimeout = TimeSpan.FromSeconds(30));
        await ScheduleActivityAsync(sut, "i1");
        TaskActivityWorkItem item = await sut.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), LookOnce);

        _lockClock.Advance(TimeSpan.FromSeconds(20));
        item = await sut.RenewTaskActivityWorkItemLockAsync(item);
        _lockClock.Advance(TimeSpan.FromSeconds(20));
        TaskActivityWorkItem? afterFortySeconds = await sut.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), LookOnce);
        _lockClock.Advance(TimeSpan.FromSeconds(11));
        TaskActivityWorkItem? afterExpiry = await sut.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), LookOnce);

        Assert.Equal(_lockClock.GetUtcNow().UtcDateTime.AddSeconds(-1), item.LockedUntilUtc);
        Assert.Null(afterFortySeconds);
        Assert.Equal(item.Id, afterExpiry?.Id);
        Assert.Equal(2, afterExpiry?.DeliveryAttempt);
    }

    [Fact]
    public async Task ActivityCompletion_Duplicate_RecordsTheResultOnce()
    {
        await using SqliteOrchestrationService sut = CreateSut(o => o.LockTimeout = TimeSpan.FromSeconds(30));
        OrchestrationInstance instance = await ScheduleActivityAsync(sut, "i1");
        TaskActivityWorkItem first = await sut.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), LookOnce);
        _lockClock.Advance(TimeSpan.FromMinutes(1));
        TaskActivityWorkItem redelivered = await sut.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), LookOnce);

        await sut.CompleteTaskActivityWorkItemAsync(first, Result(instance, "\"first\""));
        await sut.CompleteTaskActivityWorkItemAsync(redelivered, Result(instance, "\"second\""));
        TaskOrchestrationWorkItem turn = await sut.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), LookOnce);

        TaskMessage result = Assert.Single(turn.NewMessages);
        Assert.Equal("\"first\"", ((TaskCompletedEvent)result.Event).Result);
    }

    [Fact]
    public async Task OrchestrationWorkItem_TakesEveryVisibleMessageOfTheInstance_AndLocksTheInstance()
    {
        await using SqliteOrchestrationService sut = CreateSut();
        OrchestrationInstance instance = await ScheduleActivityAsync(sut, "i1");
        await sut.SendTaskOrchestrationMessageBatchAsync(
            Event(instance, "a"), Event(instance, "b"), Timer(instance, _time.GetUtcNow().UtcDateTime.AddMinutes(5)));

        TaskOrchestrationWorkItem turn = await sut.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), LookOnce);
        await sut.SendTaskOrchestrationMessageAsync(Event(instance, "c"));
        TaskOrchestrationWorkItem? whileLocked = await sut.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), LookOnce);
        await sut.AbandonTaskOrchestrationWorkItemAsync(turn);
        TaskOrchestrationWorkItem again = await sut.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), LookOnce);
        await sut.AbandonTaskOrchestrationWorkItemAsync(again);
        _time.Advance(TimeSpan.FromMinutes(5));
        TaskOrchestrationWorkItem withTimer = await sut.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), LookOnce);

        Assert.Equal(["a", "b"], turn.NewMessages.Select(m => ((EventRaisedEvent)m.Event).Name));
        Assert.Null(whileLocked);
        Assert.Equal(["a", "b", "c"], again.NewMessages.Select(m => ((EventRaisedEvent)m.Event).Name));
        Assert.Equal(4, withTimer.NewMessages.Count);
        Assert.Single(withTimer.NewMessages, m => m.Event is TimerFiredEvent);
    }

    [Fact]
    public async Task Reopen_AfterAnOwnerThatDiedHoldingLocks_ReleasesThemAtOnce()
    {
        SqliteOrchestrationService crashed = CreateSut(o => o.LockTimeout = TimeSpan.FromHours(1));
        await ScheduleActivityAsync(crashed, "i1");
        TaskActivityWorkItem held = await crashed.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), LookOnce);
        crashed.Dispose();

        await using SqliteOrchestrationService sut = CreateSut(o => o.LockTimeout = TimeSpan.FromHours(1));
        TaskActivityWorkItem? resumed = await sut.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), LookOnce);

        Assert.Equal(held.Id, resumed?.Id);
        Assert.Equal(2, resumed?.DeliveryAttempt);
    }

    [Fact]
    public async Task SecondOpen_OfTheSameDatabase_FailsNamingTheFileAndTheOwnerProcess()
    {
        await using SqliteOrchestrationService owner = CreateSut();
        owner.Open();
        await using SqliteOrchestrationService sut = CreateSut();

        var refused = Assert.Throws<DatabaseLockedException>(sut.Open);

        Assert.Equal(DatabasePath, refused.DatabasePath);
        Assert.Equal(Environment.ProcessId, refused.OwnerProcessId);
        Assert.Contains($"'{DatabasePath}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"process id {Environment.ProcessId}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PurgeOrchestrationHistory_OlderThanTheThreshold_PurgesEndedInstancesOnly()
    {
        await using var host = new DurableTestHost();
        host.Orchestrator<string, string>("Echo", (_, input) => Task.FromResult(input))
            .Orchestrator<string, string>("Waits", (context, _) => context.WaitForExternalEvent<string>("go"));
        await host.StartAsync();
        await host.WaitAsync(await host.StartAsync("Echo", "a", "old-done"));
        await host.StartAsync("Waits", null, "old-running");
        await host.WaitIdleAsync("old-running");
        host.Time.Advance(TimeSpan.FromDays(2));
        await host.WaitAsync(await host.StartAsync("Echo", "b", "new-done"));

        await host.Store.PurgeOrchestrationHistoryAsync(host.Time.GetUtcNow().UtcDateTime.AddDays(-1), OrchestrationStateTimeRangeFilterType.OrchestrationCreatedTimeFilter);

        Assert.Empty(await host.Store.GetOrchestrationStateAsync("old-done", allExecutions: true));
        Assert.Single(await host.Store.GetOrchestrationStateAsync("old-running", allExecutions: true));
        Assert.Single(await host.Store.GetOrchestrationStateAsync("new-done", allExecutions: false));
    }

    [Fact]
    public async Task WaitForOrchestration_InstanceStillRunningAtTheTimeout_ReturnsNull()
    {
        await using SqliteOrchestrationService sut = CreateSut();
        OrchestrationInstance instance = await ScheduleActivityAsync(sut, "i1");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        Task<OrchestrationState> wait = sut.WaitForOrchestrationAsync(instance.InstanceId, instance.ExecutionId, TimeSpan.FromMinutes(1), deadline.Token);
        _lockClock.Advance(TimeSpan.FromMinutes(1));
        OrchestrationState? state = await wait;

        Assert.Null(state);
        Assert.Equal(OrchestrationStatus.Running, (await sut.GetOrchestrationStateAsync("i1", allExecutions: false))[0].OrchestrationStatus);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static TaskMessage Event(OrchestrationInstance instance, string name)
        => new() { OrchestrationInstance = instance, Event = new EventRaisedEvent(-1, null) { Name = name } };

    private static TaskMessage Timer(OrchestrationInstance instance, DateTime fireAt)
        => new() { OrchestrationInstance = instance, Event = new TimerFiredEvent(-1, fireAt) { TimerId = 1 } };

    private static TaskMessage Result(OrchestrationInstance instance, string result)
        => new() { OrchestrationInstance = instance, Event = new TaskCompletedEvent(-1, 0, result) };

    private SqliteOrchestrationService CreateSut(Action<SqliteOrchestrationServiceOptions>? configure = null)
    {
        var options = new SqliteOrchestrationServiceOptions { DatabasePath = DatabasePath, TimeProvider = _time, LockTimeProvider = _lockClock };
        configure?.Invoke(options);
        return new SqliteOrchestrationService(options);
    }

    /// <summary>Creates an instance and completes its first turn by hand, scheduling activity "Act" as task 0.</summary>
    private static async Task<OrchestrationInstance> ScheduleActivityAsync(SqliteOrchestrationService sut, string instanceId)
    {
        var instance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = "e1" };
        var started = new ExecutionStartedEvent(-1, "\"in\"") { Name = "Orch", Version = string.Empty, OrchestrationInstance = instance };
        await sut.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = instance, Event = started }, []);
        TaskOrchestrationWorkItem turn = await sut.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), LookOnce);
        OrchestrationRuntimeState state = turn.OrchestrationRuntimeState;
        var scheduled = new TaskScheduledEvent(0, "Act", null, "\"x\"");
        state.AddEvent(new OrchestratorStartedEvent(-1));
        state.AddEvent(turn.NewMessages[0].Event);
        state.AddEvent(scheduled);
        state.AddEvent(new OrchestratorCompletedEvent(-1));
        var status = new OrchestrationState
        {
            OrchestrationInstance = instance,
            Name = "Orch",
            Version = string.Empty,
            OrchestrationStatus = OrchestrationStatus.Running,
            Input = "\"in\"",
        };
        await sut.CompleteTaskOrchestrationWorkItemAsync(turn, state, [new TaskMessage { OrchestrationInstance = instance, Event = scheduled }], [], [], null!, status);
        await sut.ReleaseTaskOrchestrationWorkItemAsync(turn);
        return instance;
    }
}
