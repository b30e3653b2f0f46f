using MarketoExport.Marketo.Errors;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;

namespace MarketoExport.Activities.Tests;

public sealed class ExportJobActivitiesTests
{
    private static readonly ExportObject Leads = new(ExportObjectKind.Leads) { Fields = ["id", "updatedAt"] };
    private static readonly ExportWindow January = new(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 31, 23, 59, 59, DateTimeKind.Utc));

    [Fact]
    public async Task Enqueue_CalledTwice_SecondReturnsTheQueuedJob()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        ExportJobState job = await sim.Activity<CreateExportJobActivity>().RunAsync(new CreateExportJobRequest(Leads, January, DateFilterField.UpdatedAt), deliveryAttempt: 1, default);
        EnqueueExportJobActivity sut = sim.Activity<EnqueueExportJobActivity>();

        ExportJobState first = await sut.RunAsync(new ExportJobRef(Leads, job.ExportId), default);
        ExportJobState second = await sut.RunAsync(new ExportJobRef(Leads, job.ExportId), default);

        Assert.Equal(ExportJobPhase.Created, job.Phase);
        Assert.Equal(ExportJobPhase.Queued, first.Phase);
        Assert.Equal(ExportJobPhase.Queued, second.Phase);
    }

    [Fact]
    public async Task Enqueue_QueueFull_ThrowsTheQueueFullType()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        ExportJobState job = await sim.Activity<CreateExportJobActivity>().RunAsync(new CreateExportJobRequest(Leads, January, DateFilterField.UpdatedAt), deliveryAttempt: 1, default);
        sim.Control.AddFault(SimulatorFault.QueueFull(count: 1));

        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => sim.Activity<EnqueueExportJobActivity>().RunAsync(new ExportJobRef(Leads, job.ExportId), default));

        Assert.True(MarketoFailures.IsCausedBy<MarketoExportQueueFullException>(TaskFailureDetails.FromException(ex)));
    }

    [Fact]
    public async Task Enqueue_UnknownExportId_IsUnknownSoTheJobIsRecreated()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();

        ExportJobState state = await sim.Activity<EnqueueExportJobActivity>().RunAsync(new ExportJobRef(Leads, Guid.NewGuid().ToString()), default);

        Assert.Equal(ExportJobPhase.Unknown, state.Phase);
    }

    [Fact]
    public async Task Status_UnknownExportId_IsUnknown()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();

        ExportJobState state = await sim.Activity<GetExportJobStatusActivity>().RunAsync(new ExportJobRef(Leads, Guid.NewGuid().ToString()), default);

        Assert.Equal(ExportJobPhase.Unknown, state.Phase);
    }

    [Theory]
    [InlineData(1, 2)] // the runtime redelivered the work item after a crash
    [InlineData(1, 0)] // the runtime cannot tell (Azure Functions): treated as a possible re-run
    [InlineData(2, 1)] // the orchestrator's retry after a transient failure (a timeout after Marketo answered)
    public async Task Create_RunAgainAfterTheResultWasLost_AdoptsTheJobTheFirstRunCreated(int requestAttempt, int deliveryAttempt)
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        var request = new CreateExportJobRequest(Leads, January, DateFilterField.UpdatedAt) { PendingSince = DateTime.UtcNow };
        CreateExportJobActivity sut = sim.Activity<CreateExportJobActivity>();
        ExportJobState lost = await sut.RunAsync(request, deliveryAttempt: 1, default);

        ExportJobState again = await sut.RunAsync(request with { Attempt = requestAttempt }, deliveryAttempt, default);

        Assert.Equal(lost.ExportId, again.ExportId);
        Assert.Equal(ExportJobPhase.Created, again.Phase);
        Assert.Single(sim.Control.GetJobs());
    }

    [Fact]
    public async Task Create_RunAgainWithNoEarlierJob_Creates()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        var request = new CreateExportJobRequest(Leads, January, DateFilterField.UpdatedAt) { PendingSince = DateTime.UtcNow };

        ExportJobState job = await sim.Activity<CreateExportJobActivity>().RunAsync(request, deliveryAttempt: 2, default);

        Assert.Equal(ExportJobPhase.Created, job.Phase);
        Assert.Single(sim.Control.GetJobs());
        Assert.Equal(1, sim.Control.GetCalls().PerEndpoint.GetValueOrDefault("GET /bulk/v1/leads/export.json"));
    }

    [Fact]
    public async Task Create_FirstAttempt_CreatesWithoutListingJobs()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        var request = new CreateExportJobRequest(Leads, January, DateFilterField.UpdatedAt) { PendingSince = DateTime.UtcNow };
        CreateExportJobActivity sut = sim.Activity<CreateExportJobActivity>();

        ExportJobState first = await sut.RunAsync(request, deliveryAttempt: 1, default);
        ExportJobState second = await sut.RunAsync(request, deliveryAttempt: 1, default);

        Assert.NotEqual(first.ExportId, second.ExportId); // attempt 1 is known to be a first run: no lookup
        Assert.False(sim.Control.GetCalls().PerEndpoint.ContainsKey("GET /bulk/v1/leads/export.json"));
    }

    [Fact]
    public async Task Create_UpdatedAtUnsupported_ThrowsTheUnsupportedFilterType()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        sim.Control.UpdatedAtFilterSupported = false;

        Exception ex = await Assert.ThrowsAnyAsync<Exception>(
            () => sim.Activity<CreateExportJobActivity>().RunAsync(new CreateExportJobRequest(Leads, January, DateFilterField.UpdatedAt), deliveryAttempt: 1, default));

        Assert.True(MarketoFailures.IsCausedBy<MarketoUnsupportedFilterException>(TaskFailureDetails.FromException(ex)));
    }

    [Fact]
    public async Task Usage_AfterOneCompletedJob_IsItsFileSize()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        ExportJobState job = await sim.CompletedJobAsync(Leads, January);

        ExportUsage usage = await sim.Activity<GetExportUsageActivity>().RunAsync(
            new ExportUsageRequest([Leads], QuotaClock.DayStartUtc(DateTime.UtcNow)), default);

        Assert.Equal(job.FileSize, usage.BytesUsed);
    }

    [Fact]
    public async Task DescribeExportFields_LeadsProgramMembersAndACustomObject_EveryDescribedFieldInOrder()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        DescribeExportFieldsActivity sut = sim.Activity<DescribeExportFieldsActivity>();

        IReadOnlyList<string> leads = await sut.RunAsync(new ExportObject(ExportObjectKind.Leads), default);
        IReadOnlyList<string> members = await sut.RunAsync(new ExportObject(ExportObjectKind.ProgramMembers), default);
        IReadOnlyList<string> cars = await sut.RunAsync(new ExportObject(ExportObjectKind.CustomObject, "car_c"), default);

        Assert.Contains("industryVertical_c", leads); // custom lead fields are exported too
        Assert.Contains("email", leads);
        Assert.Equal(leads.Count, leads.Distinct().Count());
        Assert.Contains("programId", members);
        Assert.Contains("model", cars);
    }

    [Fact]
    public async Task DescribeExportFields_CustomObjectMissing_ThrowsNotFoundNamingIt()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();

        ExportObjectNotFoundException ex = await Assert.ThrowsAsync<ExportObjectNotFoundException>(
            () => sim.Activity<DescribeExportFieldsActivity>().RunAsync(new ExportObject(ExportObjectKind.CustomObject, "nope_c"), default));

        Assert.Contains("'nope_c' does not exist in Marketo", ex.Message, StringComparison.Ordinal);
        Assert.False(MarketoFailures.IsTransient(TaskFailureDetails.FromException(ex)));
    }
}
