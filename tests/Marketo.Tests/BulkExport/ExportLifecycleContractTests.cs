using System.Text;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Marketo.Errors;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Marketo.Tests.Support;

namespace MarketoExport.Marketo.Tests.BulkExport;

public sealed class ExportLifecycleContractTests
{
    private static readonly ExportDateRange FirstMonth = new(
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 1, 31, 23, 59, 59, TimeSpan.Zero));

    public static TheoryData<string> Entities => ["leads", "activities", "programMembers", "customObject:car_c"];

    [Theory]
    [MemberData(nameof(Entities))]
    public async Task Export_CreateEnqueuePollDownload_FileMatchesChecksumSizeAndCount(string entityName)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var entity = ExportEntity.Parse(entityName);

        var created = await sim.Client.CreateExportJobAsync(entity, RequestFor(entity));
        var queued = await sim.Client.EnqueueExportJobAsync(entity, created.ExportId);
        var done = await sim.RunToEndAsync(entity, created.ExportId);
        var bytes = await sim.DownloadAsync(entity, created.ExportId);

        Assert.Equal(ExportJobStatus.Created, created.Status);
        Assert.Null(created.QueuedAt);
        Assert.Equal(ExportJobStatus.Queued, queued.Status);
        Assert.NotNull(queued.QueuedAt);
        Assert.Equal(ExportJobStatus.Completed, done.Status);
        Assert.NotNull(done.FinishedAt);
        Assert.Equal(done.FileSize, bytes.LongLength);
        using var stream = new MemoryStream(bytes);
        Assert.True(ExportFileChecksum.Matches(done.FileChecksum, await ExportFileChecksum.ComputeAsync(stream)));
        var lines = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(done.NumberOfRecords + 1, lines.Length);
        Assert.True(done.NumberOfRecords > 0, "the first month of synthetic data should not be empty");
    }

    [Fact]
    public async Task OpenExportFileAsync_ReadCutAtOffset_ResumeReturnsExactlyTheTail()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var entity = ExportEntity.Activities;
        var done = await CompletedJobAsync(sim, entity);
        var whole = await sim.DownloadAsync(entity, done.ExportId);
        var cutAt = whole.Length / 2;
        using var checksum = new ExportFileChecksum();

        // First connection: read the head, then drop the connection mid-file.
        var head = new byte[cutAt];
        await using (var first = await sim.Client.OpenExportFileAsync(entity, done.ExportId))
        {
            await first.ReadExactlyAsync(head);
            checksum.Append(head);
        }

        // Second connection: Range from the cut.
        await using var rest = await sim.Client.OpenExportFileAsync(entity, done.ExportId, cutAt);
        using var tail = new MemoryStream();
        await rest.CopyToAsync(tail);
        checksum.Append(tail.ToArray());

        Assert.Equal(cutAt, rest.Offset);
        Assert.Equal(whole.Length, rest.TotalLength);
        Assert.Equal(whole.Length - cutAt, rest.ContentLength);
        Assert.Equal(whole[cutAt..], tail.ToArray());
        Assert.True(ExportFileChecksum.Matches(done.FileChecksum, checksum.GetChecksumAndReset()));
    }

    [Fact]
    public async Task OpenExportFileAsync_ServerCutsConnection_ResumingUntilDoneYieldsIdenticalBytes()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var entity = ExportEntity.Activities;
        var done = await CompletedJobAsync(sim, entity);
        var whole = await sim.DownloadAsync(entity, done.ExportId);
        sim.Control.AddFault(SimulatorFault.CutDownload(afterBytes: whole.Length / 2, count: 2));

        // What a downloader does: read, and on a transport failure reopen at the bytes received so far.
        // A cut before the response headers is retried inside the client; a cut mid-body surfaces as IOException.
        using var received = new MemoryStream();
        var opens = 0;
        while (received.Length < whole.Length && opens < 5)
        {
            opens++;
            await using var file = await sim.Client.OpenExportFileAsync(entity, done.ExportId, received.Length);
            Assert.Equal(received.Length, file.Offset);
            var error = await Record.ExceptionAsync(() => file.CopyToAsync(received));
            Assert.True(error is null or IOException, $"unexpected {error}");
        }

        Assert.Equal(whole, received.ToArray());
        Assert.Empty(sim.Control.GetFaults());
        received.Position = 0;
        Assert.True(ExportFileChecksum.Matches(done.FileChecksum, await ExportFileChecksum.ComputeAsync(received)));
    }

    [Fact]
    public async Task OpenExportFileAsync_JobNotCompleted_ThrowsHttp404()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var job = await sim.Client.CreateExportJobAsync(ExportEntity.Leads, RequestFor(ExportEntity.Leads));

        var ex = await Assert.ThrowsAsync<MarketoHttpException>(() => sim.Client.OpenExportFileAsync(ExportEntity.Leads, job.ExportId));

        Assert.Equal(404, ex.StatusCode);
    }

    [Fact]
    public async Task CancelExportJobAsync_QueuedJob_IsCancelledAndListed()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var job = await sim.Client.CreateExportJobAsync(ExportEntity.Leads, RequestFor(ExportEntity.Leads));
        await sim.Client.EnqueueExportJobAsync(ExportEntity.Leads, job.ExportId);

        var cancelled = await sim.Client.CancelExportJobAsync(ExportEntity.Leads, job.ExportId);
        var listed = await sim.Client.ListExportJobsAsync(ExportEntity.Leads, [ExportJobStatus.Cancelled]);
        var none = await sim.Client.ListExportJobsAsync(ExportEntity.Leads, [ExportJobStatus.Completed]);

        Assert.Equal(ExportJobStatus.Cancelled, cancelled.Status);
        Assert.Contains(listed, j => j.ExportId == job.ExportId);
        Assert.DoesNotContain(none, j => j.ExportId == job.ExportId);
    }

    [Fact]
    public async Task EnqueueExportJobAsync_EleventhJob_ThrowsQueueFullWithoutRetry()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            var job = await sim.Client.CreateExportJobAsync(ExportEntity.Leads, RequestFor(ExportEntity.Leads));
            await sim.Client.EnqueueExportJobAsync(ExportEntity.Leads, job.ExportId);
        }

        var eleventh = await sim.Client.CreateExportJobAsync(ExportEntity.Leads, RequestFor(ExportEntity.Leads));
        sim.Control.ResetCounters();
        var ex = await Assert.ThrowsAsync<MarketoExportQueueFullException>(() => sim.Client.EnqueueExportJobAsync(ExportEntity.Leads, eleventh.ExportId));

        Assert.True(ex.IsRetryable);
        Assert.Equal(MarketoErrorCode.BulkExportLimit, ex.Code);
        Assert.Equal(1, sim.Control.GetCalls().Total);
    }

    [Fact]
    public async Task CreateExportJobAsync_ExportQuotaUsedUp_ThrowsQuotaExceededWithResetTime()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Control.ExhaustExportQuota();
        sim.Control.ResetCounters();

        var ex = await Assert.ThrowsAsync<MarketoExportQuotaExceededException>(() => sim.Client.CreateExportJobAsync(ExportEntity.Leads, RequestFor(ExportEntity.Leads)));

        Assert.False(ex.IsRetryable);
        Assert.True(ex.ResetsAt > sim.Clock.GetUtcNow());
        Assert.True(ex.ResetsAt - sim.Clock.GetUtcNow() <= TimeSpan.FromDays(1));
        Assert.Equal(1, sim.Control.GetCalls().Total);
    }

    [Fact]
    public async Task CreateExportJobAsync_UpdatedAtUnsupported_ThrowsUnsupportedFilter()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Control.UpdatedAtFilterSupported = false;

        var ex = await Assert.ThrowsAsync<MarketoUnsupportedFilterException>(() =>
            sim.Client.CreateExportJobAsync(ExportEntity.Leads, new ExportJobRequest(["id"], new LeadExportFilter { UpdatedAt = FirstMonth })));

        Assert.Equal(MarketoErrorCode.UnsupportedFilterType, ex.Code);
    }

    private static async Task<ExportJob> CompletedJobAsync(SimulatorFixture sim, ExportEntity entity)
    {
        var job = await sim.Client.CreateExportJobAsync(entity, RequestFor(entity));
        await sim.Client.EnqueueExportJobAsync(entity, job.ExportId);
        var done = await sim.RunToEndAsync(entity, job.ExportId);
        Assert.Equal(ExportJobStatus.Completed, done.Status);
        return done;
    }

    internal static ExportJobRequest RequestFor(ExportEntity entity) => entity.Kind switch
    {
        ExportEntityKind.Leads => new(["id", "email", "createdAt"], new LeadExportFilter { CreatedAt = FirstMonth }),
        ExportEntityKind.Activities => new(null, new ActivityExportFilter(FirstMonth)),
        ExportEntityKind.ProgramMembers => new(["leadId", "programId", "statusName"], new ProgramMemberExportFilter { ProgramId = 1001 }),
        _ => new(["leadID", "vIN", "make"], new CustomObjectExportFilter { UpdatedAt = FirstMonth }),
    };
}
