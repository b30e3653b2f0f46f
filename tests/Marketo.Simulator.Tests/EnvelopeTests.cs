using System.Net;
using System.Text;

namespace MarketoExport.Marketo.Simulator.Tests;

public sealed class EnvelopeTests
{
    [Fact]
    public async Task Envelope_Success_HasRequestIdAndOmitsNullFields()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        using var response = await sut.Http.PostAsync("/bulk/v1/leads/export/create.json",
            new StringContent("""{"fields":["id"],"filter":{"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-02T00:00:00Z"}}}""", Encoding.UTF8, "application/json"));
        var raw = await response.Content.ReadAsStringAsync();
        var body = await SimulatorSession.ReadAsync(response);

        Assert.Equal("application/json; charset=UTF-8", response.Content.Headers.ContentType!.ToString());
        Assert.Matches("^[0-9a-f]+#[0-9a-f]+$", body.GetProperty("requestId").GetString());
        Assert.DoesNotContain("null", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("queuedAt", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("errors", raw, StringComparison.Ordinal);
        var job = SimulatorSession.First(body);
        Assert.Equal(["exportId", "format", "status", "createdAt"], job.EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public async Task Envelope_Error_HasStringCodeAndMessage()
    {
        await using var sut = await SimulatorSession.StartAsync();

        var body = await sut.GetJsonAsync("/rest/v1/stats/usage.json");

        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.String, body.GetProperty("errors")[0].GetProperty("code").ValueKind);
        Assert.False(body.TryGetProperty("result", out _));
    }

    [Fact]
    public async Task Request_UriOver8KB_Returns414()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        using var response = await sut.Http.GetAsync("/rest/v1/customobjects/car_c.json?filterType=vIN&filterValues=" + new string('x', 8300));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    [Fact]
    public async Task Request_PathOver8KBWithoutQuery_Returns414()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        using var response = await sut.Http.GetAsync("/rest/v1/customobjects/" + new string('x', 8300) + ".json");

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    [Fact]
    public async Task Request_BodyOver1MB_Returns413()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        using var response = await sut.Http.PostAsync("/rest/v1/customobjects/car_c.json",
            new StringContent("{\"input\":[{\"vIN\":\"" + new string('x', 1_100_000) + "\"}]}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Request_ChunkedBodyOver1MB_Returns413()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var payload = Encoding.UTF8.GetBytes("{\"input\":[{\"vIN\":\"" + new string('x', 1_100_000) + "\"}]}");
        using var content = new StreamContent(new MemoryStream(payload));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/rest/v1/customobjects/car_c.json") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await sut.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Request_PostWithMethodGetAndFormBody_IsServedAsGet()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        using var response = await sut.Http.PostAsync("/rest/v1/customobjects.json?_method=GET",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["names"] = "car_c" }));
        var body = await SimulatorSession.ReadAsync(response);

        Assert.Equal("car_c", SimulatorSession.First(body).GetProperty("name").GetString());
        Assert.Equal(1, body.GetProperty("result").GetArrayLength());
    }

    [Fact]
    public async Task Request_UnknownPathAndWrongMethod_Return610And605()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        var unknown = await sut.GetJsonAsync("/rest/v1/nothing.json");
        var wrongMethod = await sut.GetJsonAsync("/bulk/v1/leads/export/create.json");

        Assert.Equal("610", SimulatorSession.ErrorCode(unknown));
        Assert.Equal("605", SimulatorSession.ErrorCode(wrongMethod));
    }

    [Fact]
    public async Task ActivityTypes_DefaultTable_ServedWithPrimaryAttributes()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        var body = await sut.GetJsonAsync("/rest/v1/activities/types.json");

        var visit = body.GetProperty("result").EnumerateArray().Single(t => t.GetProperty("id").GetInt32() == 1);
        Assert.Equal("Visit Webpage", visit.GetProperty("name").GetString());
        Assert.Equal("Webpage ID", visit.GetProperty("primaryAttribute").GetProperty("name").GetString());
        Assert.True(visit.GetProperty("attributes").GetArrayLength() > 0);
    }
}
