using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace MarketoExport.Marketo.Simulator.Tests;

public sealed class FaultTests
{
    private const string Cheap = "/rest/v1/activities/types.json";
    private const string LeadsBody = """{"fields":["id","email","company"],"filter":{"staticListId":1}}""";

    [Theory]
    [InlineData("601")]
    [InlineData("602")]
    [InlineData("604")]
    [InlineData("606")]
    [InlineData("607")]
    [InlineData("608")]
    [InlineData("611")]
    [InlineData("615")]
    [InlineData("713")]
    public async Task ErrorCodeFault_NextNCalls_FailThenRecover(string code)
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        sut.Control.AddFault(SimulatorFault.Error(code, count: 2));

        var first = await sut.GetJsonAsync(Cheap);
        var second = await sut.GetJsonAsync(Cheap);
        var third = await sut.GetJsonAsync(Cheap);

        Assert.Equal(code, SimulatorSession.ErrorCode(first));
        Assert.Equal(code, SimulatorSession.ErrorCode(second));
        Assert.True(third.GetProperty("success").GetBoolean());
        Assert.Empty(sut.Control.GetFaults());
    }

    [Fact]
    public async Task ErrorCodeFault_PathFilter_OnlyMatchingCallsFail()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        sut.Control.AddFault(SimulatorFault.Error("606", count: null, pathContains: "/stats/"));

        var other = await sut.GetJsonAsync(Cheap);
        var stats = await sut.GetJsonAsync("/rest/v1/stats/usage.json");

        Assert.True(other.GetProperty("success").GetBoolean());
        Assert.Equal("606", SimulatorSession.ErrorCode(stats));
        Assert.Single(sut.Control.GetFaults());
    }

    [Fact]
    public async Task ErrorCodeFault_Probability_IsSeededAndDeterministic()
    {
        async Task<string> PatternAsync()
        {
            await using var sut = await SimulatorSession.StartAsync();
            await sut.TokenAsync();
            sut.Control.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.ErrorCode, Code = "606", Probability = 0.5 });
            var pattern = "";
            for (var i = 0; i < 20; i++)
            {
                pattern += (await sut.GetJsonAsync(Cheap)).GetProperty("success").GetBoolean() ? "." : "x";
            }

            return pattern;
        }

        var a = await PatternAsync();
        var b = await PatternAsync();

        Assert.Equal(a, b);
        Assert.Contains('x', a);
        Assert.Contains('.', a);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(500)]
    public async Task HttpStatusFault_ReturnsBareStatus(int status)
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        sut.Control.AddFault(SimulatorFault.Http(status));

        using var response = await sut.Http.GetAsync(Cheap);
        using var next = await sut.Http.GetAsync(Cheap);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task CutDownload_AfterKBytes_ConnectionAbortsAndRangeResumeCompletesFile()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var (id, status) = await sut.ExportAsync("leads", LeadsBody);
        sut.Control.AddFault(SimulatorFault.CutDownload(afterBytes: 1000));

        using var response = await sut.Http.GetAsync($"/bulk/v1/leads/export/{id}/file.json", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var cut = await Assert.ThrowsAnyAsync<Exception>(() => stream.CopyToAsync(received));
        var partial = received.ToArray();
        using var resume = new HttpRequestMessage(HttpMethod.Get, $"/bulk/v1/leads/export/{id}/file.json") { Headers = { Range = new RangeHeaderValue(partial.Length, null) } };
        using var resumed = await sut.Http.SendAsync(resume);
        var whole = partial.Concat(await resumed.Content.ReadAsByteArrayAsync()).ToArray();

        Assert.True(cut is HttpRequestException or IOException, cut.GetType().Name);
        Assert.Equal(1000, partial.Length);
        Assert.Equal(HttpStatusCode.PartialContent, resumed.StatusCode);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(whole)), status.GetProperty("fileChecksum").GetString());
    }

    [Fact]
    public async Task WrongChecksum_NextJob_ReportsChecksumNotMatchingBytes()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        sut.Control.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.WrongChecksum, Count = 1 });

        var (bad, badStatus) = await sut.ExportAsync("leads", LeadsBody);
        var (good, goodStatus) = await sut.ExportAsync("leads", LeadsBody);

        Assert.NotEqual("sha256:" + Convert.ToHexStringLower(SHA256.HashData(await sut.DownloadAsync("leads", bad))), badStatus.GetProperty("fileChecksum").GetString());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(await sut.DownloadAsync("leads", good))), goodStatus.GetProperty("fileChecksum").GetString());
    }

    [Fact]
    public async Task FailJobAndCancelJob_Faults_EndJobsBehindClientsBack()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        sut.Control.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.FailJob, Count = 1, Message = "Disk full" });

        var (_, failed) = await sut.ExportAsync("leads", LeadsBody);
        sut.Control.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.CancelJob, Count = 1 });
        var (_, cancelled) = await sut.ExportAsync("leads", LeadsBody);
        var queuedId = await sut.CreateAsync("leads", LeadsBody);
        await sut.EnqueueAsync("leads", queuedId);
        var forced = sut.Control.FailJob(queuedId, "Forced");
        var forcedStatus = await sut.StatusAsync("leads", queuedId);

        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Equal("Disk full", failed.GetProperty("errorMsg").GetString());
        Assert.True(failed.TryGetProperty("finishedAt", out _));
        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        Assert.True(forced);
        Assert.Equal("Failed", forcedStatus.GetProperty("status").GetString());
    }

    [Fact]
    public async Task FileMissing_AfterCompleted_Returns404()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var (id, _) = await sut.ExportAsync("leads", LeadsBody);
        sut.Control.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.FileMissing, Count = 1 });

        using var missing = await sut.Http.GetAsync($"/bulk/v1/leads/export/{id}/file.json");
        using var back = await sut.Http.GetAsync($"/bulk/v1/leads/export/{id}/file.json");
        sut.Control.DeleteFile(id);
        using var deleted = await sut.Http.GetAsync($"/bulk/v1/leads/export/{id}/file.json");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
    }

    [Fact]
    public async Task QueueFull_NextEnqueue_Returns1029ThenSucceeds()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var id = await sut.CreateAsync("leads", LeadsBody);
        sut.Control.AddFault(SimulatorFault.QueueFull(1));

        var full = await sut.EnqueueAsync("leads", id);
        var ok = await sut.EnqueueAsync("leads", id);

        Assert.Equal("Too many jobs in queue", SimulatorSession.ErrorMessage(full));
        Assert.Equal("Queued", SimulatorSession.First(ok).GetProperty("status").GetString());
    }

    [Fact]
    public async Task DailyCallQuotaExhausted_Returns607()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        sut.Control.ExhaustDailyCallQuota();

        Assert.Equal("607", SimulatorSession.ErrorCode(await sut.GetJsonAsync(Cheap)));
    }

    [Fact]
    public async Task SlowQueue_ExtraTicks_DelayCompletion()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        sut.Control.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.SlowQueue, ExtraTicks = 3, Count = 1 });
        var id = await sut.CreateAsync("leads", LeadsBody);
        await sut.EnqueueAsync("leads", id);

        sut.Tick(4);
        var slow = await sut.StatusAsync("leads", id);
        sut.Tick();
        var done = await sut.StatusAsync("leads", id);

        Assert.Equal("Processing", slow.GetProperty("status").GetString());
        Assert.Equal("Completed", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RecordsPerExtraTick_LongJob_TakesTicksProportionalToRecords()
    {
        await using var sut = await SimulatorSession.StartAsync(o => o.RecordsPerExtraTick = 10);
        await sut.TokenAsync();
        var id = await sut.CreateAsync("leads", """{"fields":["id"],"filter":{"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-31T00:00:00Z"}}}""");
        await sut.EnqueueAsync("leads", id);

        sut.Tick(2);
        var early = await sut.StatusAsync("leads", id);
        sut.Tick(10);

        Assert.Equal("Processing", early.GetProperty("status").GetString());
        Assert.Equal("Completed", (await sut.StatusAsync("leads", id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task RejectCustomObjectRecord_NextRecord_SkippedWithReason()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        sut.Control.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.RejectCustomObjectRecord, Count = 1, Code = "1003", Message = "Rejected by test" });

        var result = await sut.PostJsonAsync("/rest/v1/customobjects/car_c.json", """{"input":[{"vIN":"A","leadID":1},{"vIN":"B","leadID":1}]}""");

        var items = result.GetProperty("result");
        Assert.Equal("skipped", items[0].GetProperty("status").GetString());
        Assert.Equal("Rejected by test", items[0].GetProperty("reasons")[0].GetProperty("message").GetString());
        Assert.Equal("created", items[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task MissingCustomObjectType_Fault_Returns1013ForThatType()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        sut.Control.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.MissingCustomObjectType, ApiName = "car_c", Count = 1 });

        var missing = await sut.GetJsonAsync("/rest/v1/customobjects/car_c/describe.json");
        var back = await sut.GetJsonAsync("/rest/v1/customobjects/car_c/describe.json");

        Assert.Equal("1013", SimulatorSession.ErrorCode(missing));
        Assert.True(back.GetProperty("success").GetBoolean());
    }
}
