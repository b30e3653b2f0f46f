using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Runtime.Embedded.Replay;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketoExport.Runtime.Embedded.Tests;

public sealed class ReplayTests
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static async Task<int> SumTwice(IOrchestrationContext context, int input)
    {
        int a = await context.CallActivityAsync<int>("Double", input);
        await context.CreateTimer(context.CurrentUtcDateTime, CancellationToken.None);
        int b = await context.CallActivityAsync<int>("Double", a);
        return a + b;
    }

    private static async Task<string> GuidsAndTime(IOrchestrationContext context, int input)
    {
        Guid before = context.NewGuid();
        DateTime startedAt = context.CurrentUtcDateTime;
        await context.CreateTimer(startedAt.AddMinutes(5), CancellationToken.None);
        return $"{before}|{context.NewGuid()}|{startedAt:O}|{context.CurrentUtcDateTime:O}";
    }

    [Fact]
    public async Task Execute_CompletedHistory_ReplaysToSameOutputWithoutNewActions()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, int>("Sum", SumTwice).Activity<int, int>("Double", (_, x) => Task.FromResult(x * 2));
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Sum", 3);
        OrchestrationMetadata done = await host.WaitAsync(id);
        List<HistoryEvent> history = await sut.GetHistoryAsync(id);

        OrchestrationOutcome first = Replay(id, history, []);
        OrchestrationOutcome second = Replay(id, history, []);

        Assert.Equal("18", done.SerializedOutput);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, first.Status);
        Assert.Equal(done.SerializedOutput, first.Output);
        Assert.Equal(first.Output, second.Output);
        Assert.Empty(first.NewActions);
    }

    [Fact]
    public async Task Execute_HistoryCutBeforeEachSchedulingGroup_ProducesTheRecordedActions()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, int>("Sum", SumTwice).Activity<int, int>("Double", (_, x) => Task.FromResult(x * 2));
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Sum", 3);
        await host.WaitAsync(id);
        List<HistoryEvent> history = await sut.GetHistoryAsync(id);

        int checkedCuts = 0;
        for (int i = 1; i < history.Count; i++)
        {
            if (!history[i].IsScheduling || history[i - 1].IsScheduling)
            {
                continue;
            }

            List<HistoryEvent> recorded = history.Skip(i).TakeWhile(e => e.IsScheduling).ToList();
            OrchestrationOutcome outcome = Replay(id, history.Take(i).ToList(), []);
            Assert.Equal(
                recorded.Select(e => (e.Type, e.TaskId, e.Name, e.Data)),
                outcome.NewActions.Select(a => a.ToHistoryEvent(DateTime.UnixEpoch)).Select(e => (e.Type, e.TaskId, e.Name, e.Data)));
            checkedCuts++;
        }

        Assert.Equal(3, checkedCuts);
    }

    [Fact]
    public async Task Turn_CodeChangedWhileRunning_FailsWithNonDeterminismNamingTheStep()
    {
        bool changed = false;
        await using var host = new TestEngine();
        host.Orchestrator<int, string>("Versioned", async (context, _) =>
        {
            if (changed)
            {
                await context.CreateTimer(context.CurrentUtcDateTime, CancellationToken.None);
            }
            else
            {
                await context.CallActivityAsync<int>("Step", 1);
            }

            return await context.WaitForExternalEvent<string>("go");
        }).Activity<int, int>("Step", (_, x) => Task.FromResult(x));
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Versioned", 0);
        await host.UntilAsync(store => store.LoadHistory(id).Any(e => e.Type == HistoryEventType.TaskCompleted));

        changed = true;
        await sut.RaiseEventAsync(id, "go", "now");
        OrchestrationMetadata result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, result.FailureDetails!.ErrorType);
        Assert.Contains("history has ActivityScheduled 'Step' #0 but the code now schedules Timer #0", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Context_NewGuidAndTime_AreStableAcrossReplays()
    {
        await using var host = new TestEngine();
        host.Orchestrator<int, string>("Guids", GuidsAndTime);
        EmbeddedEngine sut = await host.StartAsync();
        string id = await sut.ScheduleNewOrchestrationInstanceAsync("Guids", 0, new StartOrchestrationOptions("guid-1"));
        await sut.WaitForPendingTimersAsync(id, 1, CancellationToken.None).WaitAsync(TestEngine.Timeout);
        DateTime start = host.Time.GetUtcNow().UtcDateTime;
        host.Time.Advance(TimeSpan.FromMinutes(5));
        OrchestrationMetadata done = await host.WaitAsync(id);
        List<HistoryEvent> history = await sut.GetHistoryAsync(id);

        string replayed = System.Text.Json.JsonSerializer.Deserialize<string>(Replay(id, history, []).Output!)!;

        string output = System.Text.Json.JsonSerializer.Deserialize<string>(done.SerializedOutput!)!;
        Assert.Equal(output, replayed);
        string[] parts = output.Split('|');
        Assert.NotEqual(parts[0], parts[1]);
        Assert.Equal(start, DateTime.Parse(parts[2], null, System.Globalization.DateTimeStyles.RoundtripKind));
        Assert.Equal(start.AddMinutes(5), DateTime.Parse(parts[3], null, System.Globalization.DateTimeStyles.RoundtripKind));
    }

    private static OrchestrationOutcome Replay(string id, List<HistoryEvent> past, List<HistoryEvent> fresh)
    {
        var orchestrator = new LambdaOrchestrator<int, int>(SumTwice);
        string name = past.First(e => e.Type == HistoryEventType.ExecutionStarted).Name!;
        IOrchestrator chosen = name == "Guids" ? new LambdaOrchestrator<int, string>(GuidsAndTime) : orchestrator;
        return OrchestrationExecutor.Execute(id, name, chosen, past, fresh, Json, NullLoggerFactory.Instance);
    }
}
