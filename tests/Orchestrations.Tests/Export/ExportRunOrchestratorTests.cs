using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Orchestrations.Tests.Export;

public sealed class ExportRunOrchestratorTests
{
    private static readonly DateTime Now = new(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc);

    private static ExportRunRequest Plan(params string[] objects)
        => new(objects.Select(o => ExportObject.TryParse(o, out _)!).ToList(), new ExportSettings());

    [Fact]
    public async Task RunAsync_FiveObjects_AtMostTwoInFlightAndTheNextStartsWhenOneFinishes()
    {
        var ctx = new FakeOrchestrationContext(Now);
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

        Task<ExportRunResult> run = sut.RunAsync(ctx, Plan("leads", "activities", "programMembers", "customObject:a_c", "customObject:b_c"));

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
        var ctx = new FakeOrchestrationContext(Now);
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
                : Task.FromException<object?>(FakeOrchestrationContext.Failure(MarketoFailures.Authentication, "token request rejected"));
        };
        var sut = new ExportRunOrchestrator();

        ExportFailedException ex = await Assert.ThrowsAsync<ExportFailedException>(() => sut.RunAsync(ctx, Plan("leads", "activities", "programMembers")));

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
        var ctx = new FakeOrchestrationContext(Now)
        {
            SubOrchestrator = (_, input, _) => Task.FromResult<object?>(
                new ObjectExportResult(((ObjectExportRequest)input!).Object.Name, ObjectExportOutcome.QuotaExhausted) { ResumesAt = Now.AddHours(17) }),
        };
        var sut = new ExportRunOrchestrator();

        ExportRunResult result = await sut.RunAsync(ctx, Plan("leads"));

        Assert.False(result.Succeeded);
        Assert.Equal(Now.AddHours(17), result.Objects[0].ResumesAt);
    }

    [Fact]
    public async Task RunAsync_DuplicateObjects_FailsNamingThem()
    {
        var sut = new ExportRunOrchestrator();

        ExportFailedException ex = await Assert.ThrowsAsync<ExportFailedException>(
            () => sut.RunAsync(new FakeOrchestrationContext(Now), Plan("leads", "leads")));

        Assert.Contains("leads", ex.Message, StringComparison.Ordinal);
    }
}
