using MarketoExport.Marketo.Errors;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace MarketoExport.Orchestrations.Tests.Export;

public sealed class ExportRunOrchestratorTests
{
    private static readonly DateTime Now = new(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc);

    private static ExportRunRequest Plan(params string[] objects)
        => new(objects.Select(o => ExportObject.TryParse(o, out _)!).ToList(), new ExportSettings());

    [Fact]
    public async Task RunAsync_FiveObjects_AtMostTwoInFlightAndTheNextStartsWhenOneFinishes()
    {
        var ctx = new OrchestrationContextMock(Now);
        var pending = new List<(string Id, TaskCompletionSource<object?> Done)>();
        int maxInFlight = 0;
        ctx.SubOrchestrator = (name, input, options) =>
        {
            Assert.Equal(nameof(ObjectExportOrchestrator), name);
            var request = (ObjectExportRequest)input!;
            var tcs = new TaskCompletionSource<object?>();
            pending.Add((((SubOrchestrationOptions)options!).InstanceId!, tcs));
            maxInFlight = Math.Max(maxInFlight, pending.Count(p => !p.Done.Task.IsCompleted));
            return tcs.Task;
        };
        var sut = new ExportRunOrchestrator();

        Task<ExportRunResult> run = sut.RunAsync(ctx.Object, Plan("leads", "activities", "programMembers", "customObject:a_c", "customObject:b_c"));

        Assert.Equal(["export-run:leads", "export-run:activities"], pending.Select(p => p.Id));
        pending[1].Done.SetResult(new ObjectExportResult("activities", ObjectExportOutcome.Completed));
        Assert.Equal(3, pending.Count);
        Assert.Equal("export-run:programMembers", pending[2].Id);
        pending[0].Done.SetResult(new ObjectExportResult("leads", ObjectExportOutcome.Completed));
        pending[2].Done.SetResult(new ObjectExportResult("programMembers", ObjectExportOutcome.Completed));
        Assert.Equal(5, pending.Count);
        Assert.False(run.IsCompleted);
        pending[4].Done.SetResult(new ObjectExportResult("b_c", ObjectExportOutcome.Completed));
        pending[3].Done.SetResult(new ObjectExportResult("a_c", ObjectExportOutcome.Completed));
        ExportRunResult result = await run;

        Assert.Equal(2, maxInFlight);
        Assert.True(result.Succeeded);
        Assert.Equal(["leads", "activities", "programMembers", "a_c", "b_c"], result.Objects.Select(o => o.ObjectName));
    }

    [Fact]
    public async Task RunAsync_ObjectFailsOnAuthentication_AlertsOnceOthersFinishRunFails()
    {
        var ctx = new OrchestrationContextMock(Now);
        var alerts = new List<AlertRequest>();
        ctx.Activity = (name, input) =>
        {
            Assert.Equal(ActivityNames.SendAlert, name);
            alerts.Add((AlertRequest)input!);
            return Task.FromResult<object?>(null);
        };
        ctx.SubOrchestrator = (_, input, _) =>
        {
            var request = (ObjectExportRequest)input!;
            return request.Object.Kind == ExportObjectKind.Activities
                ? Task.FromResult<object?>(new ObjectExportResult("activities", ObjectExportOutcome.Completed) { Records = 5 })
                : Task.FromException<object?>(OrchestrationContextMock.Failure<MarketoAuthenticationException>("token request rejected"));
        };
        var sut = new ExportRunOrchestrator();

        ExportFailedException ex = await Assert.ThrowsAsync<ExportFailedException>(() => sut.RunAsync(ctx.Object, Plan("leads", "activities", "programMembers")));

        Assert.Single(alerts);
        Assert.Contains("credentials", alerts[0].Reason, StringComparison.Ordinal);
        Assert.Contains("leads:", ex.Message, StringComparison.Ordinal);
        var final = (ExportRunResult)ctx.Statuses[^1]!;
        Assert.Equal(ObjectExportOutcome.Completed, final.Objects[1].Outcome);
        Assert.Equal(ObjectExportOutcome.Failed, final.Objects[0].Outcome);
    }

    [Fact]
    public async Task RunAsync_QuotaExhausted_CompletesNotSucceededWithResumeTime()
    {
        var ctx = new OrchestrationContextMock(Now)
        {
            SubOrchestrator = (_, input, _) => Task.FromResult<object?>(
                new ObjectExportResult(((ObjectExportRequest)input!).Object.Name, ObjectExportOutcome.QuotaExhausted) { ResumesAt = Now.AddHours(17) }),
        };
        var sut = new ExportRunOrchestrator();

        ExportRunResult result = await sut.RunAsync(ctx.Object, Plan("leads"));

        Assert.False(result.Succeeded);
        Assert.Equal(Now.AddHours(17), result.Objects[0].ResumesAt);
    }

    [Fact]
    public async Task RunAsync_OneObject_StartsTheObjectOrchestratorWithItsFixedInstanceIdAndReturnsItsResult()
    {
        // The plain Moq style of the Durable Functions docs: set up the one call, run, verify.
        var context = new Mock<TaskOrchestrationContext>();
        context.SetupGet(c => c.InstanceId).Returns("nightly");
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        context.Setup(c => c.CallSubOrchestratorAsync<ObjectExportResult>(
                It.Is<TaskName>(n => n.Name == nameof(ObjectExportOrchestrator)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(new ObjectExportResult("leads", ObjectExportOutcome.Completed) { Records = 42, Files = ["leads/a.csv"] });
        var sut = new ExportRunOrchestrator();

        ExportRunResult result = await sut.RunAsync(context.Object, Plan("leads"));

        Assert.Equal(42, Assert.Single(result.Objects).Records);
        context.Verify(c => c.CallSubOrchestratorAsync<ObjectExportResult>(
            It.Is<TaskName>(n => n.Name == nameof(ObjectExportOrchestrator)),
            It.Is<object?>(i => ((ObjectExportRequest)i!).Object.Kind == ExportObjectKind.Leads),
            It.Is<TaskOptions?>(o => ((SubOrchestrationOptions)o!).InstanceId == "nightly:leads")), Times.Once);
        context.Verify(c => c.CallActivityAsync<object>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
    }

    [Fact]
    public async Task RunAsync_ManyFiles_CustomStatusCarriesCountsButNoFileListsTheOutputDoes()
    {
        string[] files = Enumerable.Range(0, 400).Select(i => $"leads/leads_{i:D4}_20260101T000000Z_20260131T235959Z.csv").ToArray();
        var ctx = new OrchestrationContextMock(Now)
        {
            SubOrchestrator = (_, input, _) => Task.FromResult<object?>(
                new ObjectExportResult(((ObjectExportRequest)input!).Object.Name, ObjectExportOutcome.Completed) { Windows = 400, Files = files }),
        };
        var sut = new ExportRunOrchestrator();

        ExportRunResult result = await sut.RunAsync(ctx.Object, Plan("leads", "activities"));

        Assert.All(result.Objects, o => Assert.Equal(400, o.Files.Count));
        Assert.All(ctx.Statuses.Cast<ExportRunResult>().SelectMany(s => s.Objects), o => Assert.Empty(o.Files));
        string largest = ctx.Statuses.Select(s => System.Text.Json.JsonSerializer.Serialize(s)).MaxBy(j => j.Length)!;
        Assert.True(largest.Length < 16 * 1024 / 2, $"custom status is {largest.Length} characters");
        Assert.Equal(400, ((ExportRunResult)ctx.Statuses[^1]!).Objects[0].Windows);
    }

    [Fact]
    public async Task RunAsync_ObjectFailsWithItsOwnNameInTheMessage_NameAppearsOnceInTheRunsFailure()
    {
        var ctx = new OrchestrationContextMock(Now)
        {
            Activity = (_, _) => Task.FromResult<object?>(null),
            SubOrchestrator = (_, input, _) => Task.FromException<object?>(
                new ExportFailedException($"{((ObjectExportRequest)input!).Object.Name}: window 2026-01-01 failed after 3 export job(s)")),
        };
        var sut = new ExportRunOrchestrator();

        ExportFailedException ex = await Assert.ThrowsAsync<ExportFailedException>(() => sut.RunAsync(ctx.Object, Plan("leads")));

        Assert.Equal("leads: window 2026-01-01 failed after 3 export job(s)", ex.Message);
        Assert.Equal("window 2026-01-01 failed after 3 export job(s)", ((ExportRunResult)ctx.Statuses[^1]!).Objects[0].Message);
    }

    [Fact]
    public async Task RunAsync_ChildFailedOnAnActivityThatCouldNotReachMarketo_AlertsWithTheInnerCause()
    {
        var alerts = new List<AlertRequest>();
        var ctx = new OrchestrationContextMock(Now)
        {
            Activity = (_, input) => { alerts.Add((AlertRequest)input!); return Task.FromResult<object?>(true); },
            // How the SDK reports a child that failed because its activity failed: the activity's failure is inner.
            SubOrchestrator = (_, _, _) => Task.FromException<object?>(new TaskFailedException(nameof(ObjectExportOrchestrator), 0, new TaskFailureDetails(
                typeof(TaskFailedException).FullName!, "Task 'ReadCheckpointActivity' (#0) failed with an unhandled exception: connection refused", null,
                new TaskFailureDetails(typeof(MarketoUnreachableException).FullName!, "connection refused", null, null, null), null))),
        };
        var sut = new ExportRunOrchestrator();

        await Assert.ThrowsAsync<ExportFailedException>(() => sut.RunAsync(ctx.Object, Plan("leads")));

        AlertRequest alert = Assert.Single(alerts);
        Assert.Equal("leads: Marketo could not be reached (check Marketo__BaseUrl and the network): connection refused", alert.Reason);
    }

    [Fact]
    public async Task RunAsync_DuplicateObjects_FailsNamingThem()
    {
        var sut = new ExportRunOrchestrator();

        ExportFailedException ex = await Assert.ThrowsAsync<ExportFailedException>(
            () => sut.RunAsync(new OrchestrationContextMock(Now).Object, Plan("leads", "leads")));

        Assert.Contains("leads", ex.Message, StringComparison.Ordinal);
    }
}
