using System.Net;
using System.Net.Http.Headers;
using MarketoExport.TestHelpers;

namespace MarketoExport.Marketo.Simulator.Tests;

public sealed class ExportFileTests
{
    private const string Body = """{"fields":["id","email","company","createdAt"],"filter":{"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-31T00:00:00Z"}}}""";

    [Fact]
    public async Task File_BeforeCompleted_Returns404PlainText()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var id = await sut.CreateAsync("leads", Body);

        using var response = await sut.Http.GetAsync($"/bulk/v1/leads/export/{id}/file.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.False(string.IsNullOrEmpty(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task File_RangeRequests_Return206WithContentRangeAndExactBytes()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var (id, _) = await sut.ExportAsync("leads", Body);
        var whole = await sut.DownloadAsync("leads", id);

        using var first = new HttpRequestMessage(HttpMethod.Get, $"/bulk/v1/leads/export/{id}/file.json") { Headers = { Range = new RangeHeaderValue(10, 99) } };
        using var firstResponse = await sut.Http.SendAsync(first);
        var firstBytes = await firstResponse.Content.ReadAsByteArrayAsync();
        using var rest = new HttpRequestMessage(HttpMethod.Get, $"/bulk/v1/leads/export/{id}/file.json") { Headers = { Range = new RangeHeaderValue(100, null) } };
        using var restResponse = await sut.Http.SendAsync(rest);
        var restBytes = await restResponse.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.PartialContent, firstResponse.StatusCode);
        Assert.Equal($"bytes 10-99/{whole.Length}", firstResponse.Content.Headers.ContentRange!.ToString());
        Assert.Contains("bytes", firstResponse.Headers.AcceptRanges);
        Assert.Equal(whole[10..100], firstBytes);
        Assert.Equal(HttpStatusCode.PartialContent, restResponse.StatusCode);
        Assert.Equal($"bytes 100-{whole.Length - 1}/{whole.Length}", restResponse.Content.Headers.ContentRange!.ToString());
        Assert.Equal(whole[100..], restBytes);
    }

    [Fact]
    public async Task File_RangeBeyondEnd_Returns416()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var (id, status) = await sut.ExportAsync("leads", Body);
        var size = status.GetProperty("fileSize").GetInt64();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/bulk/v1/leads/export/{id}/file.json") { Headers = { Range = new RangeHeaderValue(size, null) } };
        using var response = await sut.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
    }

    [Fact]
    public async Task File_LargeFileRangeFromMiddle_MatchesWholeFile()
    {
        // Large enough for several internal resume points (one per MB).
        await using var sut = await SimulatorSession.StartAsync(o => { o.Leads = 40_000; o.DataEnd = o.DataStart.AddDays(31); });
        await sut.TokenAsync();
        var (id, status) = await sut.ExportAsync("leads", """{"fields":["id","email","firstName","lastName","company","title","city","createdAt"],"filter":{"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-31T23:59:59Z"}}}""");
        var whole = await sut.DownloadAsync("leads", id);
        var offset = whole.Length - 123_457;
        const long Middle = (3 * 1024 * 1024 / 2) + 17;

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/bulk/v1/leads/export/{id}/file.json") { Headers = { Range = new RangeHeaderValue(offset, null) } };
        using var response = await sut.Http.SendAsync(request);
        var tail = await response.Content.ReadAsByteArrayAsync();
        using var middleRequest = new HttpRequestMessage(HttpMethod.Get, $"/bulk/v1/leads/export/{id}/file.json") { Headers = { Range = new RangeHeaderValue(Middle, Middle + 99_999) } };
        using var middleResponse = await sut.Http.SendAsync(middleRequest);
        var middle = await middleResponse.Content.ReadAsByteArrayAsync();

        Assert.True(whole.Length > 3 * 1024 * 1024, $"file only {whole.Length} bytes");
        Assert.Equal(status.GetProperty("fileSize").GetInt64(), whole.Length);
        Assert.Equal(whole[offset..], tail);
        Assert.Equal(whole[(int)Middle..(int)(Middle + 100_000)], middle);
    }

    [Fact]
    public async Task Window_RecordsAtBothEnds_IncludedAndAdjacentWindowsDisjoint()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var (allId, _) = await sut.ExportAsync("leads", """{"fields":["id","createdAt"],"filter":{"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-31T00:00:00Z"}}}""");
        var all = Rfc4180.Parse(await sut.DownloadAsync("leads", allId)).Skip(1).ToList();
        var pivot = all[all.Count / 2];
        var at = DateTimeOffset.Parse(pivot[1], System.Globalization.CultureInfo.InvariantCulture);
        static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        async Task<List<string[]>> WindowAsync(DateTimeOffset start, DateTimeOffset end)
        {
            var (id, _) = await sut.ExportAsync("leads", "{\"fields\":[\"id\",\"createdAt\"],\"filter\":" + SimulatorSession.Window("createdAt", Iso(start), Iso(end)) + "}");
            return Rfc4180.Parse(await sut.DownloadAsync("leads", id)).Skip(1).ToList();
        }

        var endingAt = await WindowAsync(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), at);
        var startingAt = await WindowAsync(at, new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero));
        var after = await WindowAsync(at.AddSeconds(1), new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(pivot[0], endingAt[^1][0]);
        Assert.Equal(pivot[0], startingAt[0][0]);
        Assert.DoesNotContain(after, r => r[0] == pivot[0]);
        Assert.Empty(endingAt.Select(r => r[0]).Intersect(after.Select(r => r[0])));
        Assert.Equal(all.Count, endingAt.Count + after.Count);
    }
}
