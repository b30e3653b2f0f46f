using System.Net;
using System.Security.Cryptography;
using System.Text;
using MarketoExport.TestHelpers;

namespace MarketoExport.Marketo.Simulator.Tests;

public sealed class ExportLifecycleTests
{
    public static TheoryData<string, string, string> Entities => new()
    {
        { "leads", """{"fields":["id","email","firstName","lastName","company","createdAt","updatedAt"],"filter":{"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-31T00:00:00Z"}}}""", "id" },
        { "activities", """{"filter":{"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-31T00:00:00Z"}}}""", "marketoGUID" },
        { "program/members", """{"fields":["leadId","programId","statusName","updatedAt"],"filter":{"programId":1001}}""", "leadId" },
        { "customobjects/car_c", """{"fields":["marketoGUID","leadID","vIN","make","model","updatedAt"],"filter":{"updatedAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-31T00:00:00Z"}}}""", "marketoGUID" },
    };

    [Theory]
    [MemberData(nameof(Entities))]
    public async Task Export_FullLifecycle_CompletesWithVerifiableFile(string entity, string body, string firstColumn)
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        var id = await sut.CreateAsync(entity, body);
        var queued = SimulatorSession.First(await sut.EnqueueAsync(entity, id));
        var beforeTick = await sut.StatusAsync(entity, id);
        sut.Tick();
        var processing = await sut.StatusAsync(entity, id);
        sut.Tick();
        var completed = await sut.StatusAsync(entity, id);
        var file = await sut.DownloadAsync(entity, id);
        var again = await sut.DownloadAsync(entity, id);

        Assert.Equal("Queued", queued.GetProperty("status").GetString());
        Assert.True(queued.TryGetProperty("queuedAt", out _));
        Assert.Equal("Queued", beforeTick.GetProperty("status").GetString());
        Assert.Equal("Processing", processing.GetProperty("status").GetString());
        Assert.False(processing.TryGetProperty("fileSize", out _));
        Assert.Equal("Completed", completed.GetProperty("status").GetString());
        var rows = Rfc4180.Parse(file);
        Assert.Equal(firstColumn, rows[0][0]);
        Assert.True(rows.Count > 1, "expected data rows");
        Assert.Equal(rows.Count - 1, completed.GetProperty("numberOfRecords").GetInt64());
        Assert.Equal(file.Length, completed.GetProperty("fileSize").GetInt64());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(file)), completed.GetProperty("fileChecksum").GetString());
        Assert.Equal(file, again);
        Assert.All(rows, r => Assert.Equal(rows[0].Length, r.Length));
        Assert.DoesNotContain((byte)'\r', file);
    }

    [Fact]
    public async Task Export_ActivitiesDefaultColumns_AttributesIsQuotedJsonObject()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        var (id, _) = await sut.ExportAsync("activities", """{"filter":{"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-31T00:00:00Z"}}}""");
        var rows = Rfc4180.Parse(await sut.DownloadAsync("activities", id));

        Assert.Equal(["marketoGUID", "leadId", "activityDate", "activityTypeId", "campaignId", "primaryAttributeValueId", "primaryAttributeValue", "attributes"], rows[0]);
        Assert.All(rows.Skip(1), r => Assert.StartsWith("{", r[7], StringComparison.Ordinal));
        using var attributes = System.Text.Json.JsonDocument.Parse(rows[1][7]);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, attributes.RootElement.ValueKind);
    }

    [Fact]
    public async Task Export_LeadsData_HasNullsCommasQuotesNewlinesAndNonAscii()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        var (id, _) = await sut.ExportAsync("leads", """{"fields":["id","email","firstName","lastName","company","title","city","phone"],"filter":{"staticListId":1}}""");
        var bytes = await sut.DownloadAsync("leads", id);
        var text = Encoding.UTF8.GetString(bytes);
        var rows = Rfc4180.Parse(bytes);

        Assert.Contains(rows.Skip(1), r => r.Contains("null"));
        Assert.Contains(rows.Skip(1), r => r.Any(v => v.Contains(',', StringComparison.Ordinal)));
        Assert.Contains(rows.Skip(1), r => r.Any(v => v.Contains('"', StringComparison.Ordinal)));
        Assert.Contains(rows.Skip(1), r => r.Any(v => v.Contains('\n', StringComparison.Ordinal)));
        Assert.Contains(rows.Skip(1), r => r.Any(v => v.Any(c => c > 127)));
        Assert.All(rows.Skip(1), r => Assert.Equal(0, long.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture) % 2));
        Assert.False(text.StartsWith('\uFEFF'));
    }

    [Fact]
    public async Task Export_ProgramIdsFilter_AddsProgramIdFirstColumn()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        var (id, _) = await sut.ExportAsync("program/members", """{"fields":["leadId","statusName"],"filter":{"programIds":[1001,1002],"statusNames":["Attended"]}}""");
        var rows = Rfc4180.Parse(await sut.DownloadAsync("program/members", id));

        Assert.Equal(["programId", "leadId", "statusName"], rows[0]);
        Assert.All(rows.Skip(1), r => Assert.Contains(r[0], new[] { "1001", "1002" }));
        Assert.All(rows.Skip(1), r => Assert.Equal("Attended", r[2]));
    }

    [Fact]
    public async Task Cancel_QueuedJob_ReturnsCancelledSpelling()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var id = await sut.CreateAsync("leads", """{"fields":["id"],"filter":{"staticListId":1}}""");
        await sut.EnqueueAsync("leads", id);

        var cancelled = SimulatorSession.First(await sut.PostJsonAsync($"/bulk/v1/leads/export/{id}/cancel.json"));
        var again = await sut.PostJsonAsync($"/bulk/v1/leads/export/{id}/cancel.json");

        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("1003", SimulatorSession.ErrorCode(again));
    }

    [Fact]
    public async Task ListJobs_StatusFilter_IsCaseInsensitiveCommaOrRepeated()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var (done, _) = await sut.ExportAsync("leads", """{"fields":["id"],"filter":{"staticListId":1}}""");
        var created = await sut.CreateAsync("leads", """{"fields":["id"],"filter":{"staticListId":2}}""");
        var cancelled = await sut.CreateAsync("leads", """{"fields":["id"],"filter":{"staticListId":3}}""");
        await sut.PostJsonAsync($"/bulk/v1/leads/export/{cancelled}/cancel.json");

        static string[] Ids(System.Text.Json.JsonElement e) => [.. e.GetProperty("result").EnumerateArray().Select(j => j.GetProperty("exportId").GetString()!).Order()];
        var all = Ids(await sut.GetJsonAsync("/bulk/v1/leads/export.json"));
        var comma = Ids(await sut.GetJsonAsync("/bulk/v1/leads/export.json?status=completed,Created"));
        var repeated = Ids(await sut.GetJsonAsync("/bulk/v1/leads/export.json?status=CANCELLED&status=created"));
        var otherEntity = Ids(await sut.GetJsonAsync("/bulk/v1/activities/export.json"));
        sut.Time.Advance(TimeSpan.FromDays(8));
        await sut.TokenAsync();
        var later = Ids(await sut.GetJsonAsync("/bulk/v1/leads/export.json"));

        Assert.Equal(3, all.Length);
        Assert.Equal(new[] { done, created }.Order(), comma);
        Assert.Equal(new[] { created, cancelled }.Order(), repeated);
        Assert.Empty(otherEntity);
        Assert.Empty(later);
    }

    [Fact]
    public async Task ListJobs_BatchSize_PagesWithNextPageToken()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        for (var i = 0; i < 3; i++)
        {
            await sut.CreateAsync("leads", """{"fields":["id"],"filter":{"staticListId":1}}""");
        }

        var first = await sut.GetJsonAsync("/bulk/v1/leads/export.json?batchSize=2");
        var second = await sut.GetJsonAsync("/bulk/v1/leads/export.json?batchSize=2&nextPageToken=" + Uri.EscapeDataString(first.GetProperty("nextPageToken").GetString()!));

        Assert.Equal(2, first.GetProperty("result").GetArrayLength());
        Assert.True(first.GetProperty("moreResult").GetBoolean());
        Assert.Equal(1, second.GetProperty("result").GetArrayLength());
        Assert.False(second.GetProperty("moreResult").GetBoolean());
        Assert.False(second.TryGetProperty("nextPageToken", out _));
    }

    [Fact]
    public async Task Status_UnknownExportId_Returns1003()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        var status = await sut.GetJsonAsync("/bulk/v1/leads/export/00000000-0000-0000-0000-000000000000/status.json");

        Assert.Equal("1003", SimulatorSession.ErrorCode(status));
    }

    [Fact]
    public async Task Retention_After7DaysFile404_After30DaysStatusGone()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var (id, _) = await sut.ExportAsync("leads", """{"fields":["id"],"filter":{"staticListId":1}}""");

        sut.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        await sut.TokenAsync();
        using var file = await sut.Http.GetAsync($"/bulk/v1/leads/export/{id}/file.json");
        var status = await sut.StatusAsync("leads", id);
        sut.Time.Advance(TimeSpan.FromDays(23));
        await sut.TokenAsync();
        var gone = await sut.GetJsonAsync($"/bulk/v1/leads/export/{id}/status.json");

        Assert.Equal(HttpStatusCode.NotFound, file.StatusCode);
        Assert.Equal("Completed", status.GetProperty("status").GetString());
        Assert.Equal("1003", SimulatorSession.ErrorCode(gone));
    }
}
