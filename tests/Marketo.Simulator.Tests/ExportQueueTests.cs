namespace MarketoExport.Marketo.Simulator.Tests;

public sealed class ExportQueueTests
{
    private const string Body = """{"fields":["id"],"filter":{"staticListId":1}}""";

    [Fact]
    public async Task Enqueue_TenActive_EleventhGets1029AndOnlyTwoProcess()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var ids = new List<string>();
        for (var i = 0; i < 11; i++)
        {
            ids.Add(await sut.CreateAsync(i % 2 == 0 ? "leads" : "activities", i % 2 == 0 ? Body : """{"filter":{"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-02T00:00:00Z"}}}"""));
        }

        for (var i = 0; i < 10; i++)
        {
            SimulatorSession.First(await sut.EnqueueAsync(i % 2 == 0 ? "leads" : "activities", ids[i]));
        }

        var eleventh = await sut.EnqueueAsync("leads", ids[10]);
        var twice = await sut.EnqueueAsync("leads", ids[0]);
        sut.Tick();
        var statuses = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            statuses.Add((await sut.StatusAsync(i % 2 == 0 ? "leads" : "activities", ids[i])).GetProperty("status").GetString()!);
        }

        Assert.Equal("1029", SimulatorSession.ErrorCode(eleventh));
        Assert.Equal("Too many jobs in queue", SimulatorSession.ErrorMessage(eleventh));
        Assert.Equal("1029", SimulatorSession.ErrorCode(twice));
        Assert.Equal("Job already queued", SimulatorSession.ErrorMessage(twice));
        Assert.Equal(["Processing", "Processing", .. Enumerable.Repeat("Queued", 8)], statuses);
        sut.Tick(10);
        var queue = sut.Control.GetQueue();
        Assert.Equal(2, queue.MaxProcessing);
        Assert.Equal(10, queue.MaxQueuedOrProcessing);
        Assert.All(sut.Control.GetJobs().Take(10), j => Assert.Equal("Completed", j.Status));
        Assert.All(queue.Timeline, s => Assert.True(s.Processing <= 2 && s.Queued + s.Processing <= 10));
    }

    [Fact]
    public async Task JobLog_AfterExport_RecordsRequestAndTransitions()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        var (id, _) = await sut.ExportAsync("leads", Body);
        var entry = Assert.Single(sut.Control.GetJobs());

        Assert.Equal(id, entry.ExportId);
        Assert.Equal("leads", entry.Entity);
        Assert.Equal(["id"], entry.Fields);
        Assert.Contains("staticListId", entry.Filter, StringComparison.Ordinal);
        Assert.Equal(["Created", "Queued", "Processing", "Completed"], entry.Transitions.Select(t => t.Status));
        Assert.Equal(SimulatorSession.Start.AddSeconds(60), entry.Transitions[2].At);
    }

    [Fact]
    public async Task ProcessingTicks_Configured_JobTakesThatManyTicks()
    {
        await using var sut = await SimulatorSession.StartAsync(o => { o.JobProcessingTicks = 3; o.JobTickSeconds = 0.05; });
        await sut.TokenAsync();
        var id = await sut.CreateAsync("leads", Body);
        await sut.EnqueueAsync("leads", id);

        sut.Tick(3);
        var stillProcessing = await sut.StatusAsync("leads", id);
        sut.Tick();
        var done = await sut.StatusAsync("leads", id);

        Assert.Equal("Processing", stillProcessing.GetProperty("status").GetString());
        Assert.Equal("Completed", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ExportQuota_Used_Returns1029OnCreateAndEnqueueUntilMidnightCentral()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var (_, status) = await sut.ExportAsync("leads", Body);
        var charged = sut.Control.ExportBytesUsedToday;
        var pending = await sut.CreateAsync("leads", Body);

        sut.Control.ExhaustExportQuota();
        var create = await sut.PostJsonAsync("/bulk/v1/leads/export/create.json", Body);
        var enqueue = await sut.EnqueueAsync("leads", pending);
        sut.Time.Advance(TimeSpan.FromHours(18)); // 2026-11-24T06:00Z = midnight in Chicago
        await sut.TokenAsync();
        var afterReset = await sut.PostJsonAsync("/bulk/v1/leads/export/create.json", Body);

        Assert.Equal(status.GetProperty("fileSize").GetInt64(), charged);
        Assert.Equal("1029", SimulatorSession.ErrorCode(create));
        Assert.Equal("Export daily quota 500MB exceeded.", SimulatorSession.ErrorMessage(create));
        Assert.Equal("1029", SimulatorSession.ErrorCode(enqueue));
        Assert.True(afterReset.GetProperty("success").GetBoolean());
        Assert.Equal(0, sut.Control.ExportBytesUsedToday);
    }

    [Fact]
    public async Task ExportQuota_CompletedBytesReachQuota_BlocksNextCreate()
    {
        await using var sut = await SimulatorSession.StartAsync(o => { o.ExportQuotaMb = 1; o.Leads = 30_000; });
        await sut.TokenAsync();

        var (_, status) = await sut.ExportAsync("leads", """{"fields":["id","email","firstName","lastName","company","title","city","createdAt","updatedAt"],"filter":{"staticListId":1}}""");
        var next = await sut.PostJsonAsync("/bulk/v1/leads/export/create.json", Body);

        Assert.True(status.GetProperty("fileSize").GetInt64() >= 1024 * 1024);
        Assert.Equal("Export daily quota 1MB exceeded.", SimulatorSession.ErrorMessage(next));
    }
}
