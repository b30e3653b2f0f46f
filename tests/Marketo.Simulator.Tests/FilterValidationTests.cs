namespace MarketoExport.Marketo.Simulator.Tests;

public sealed class FilterValidationTests
{
    [Theory]
    [InlineData("leads", """{"fields":["id"]}""", "filter")]
    [InlineData("leads", """{"filter":{"staticListId":1}}""", "fields")]
    [InlineData("leads", """{"fields":["id"],"filter":{"staticListId":1,"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-02T00:00:00Z"}}}""", "exactly one")]
    [InlineData("leads", """{"fields":["id"],"filter":{"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-02-01T00:00:01Z"}}}""", "31 days")]
    [InlineData("leads", """{"fields":["id"],"filter":{"createdAt":{"startAt":"2026-01-01T00:00:00.000Z","endAt":"2026-01-02T00:00:00Z"}}}""", "milliseconds")]
    [InlineData("leads", """{"fields":["id"],"filter":{"createdAt":{"startAt":"2026-01-03T00:00:00Z","endAt":"2026-01-02T00:00:00Z"}}}""", "before")]
    [InlineData("leads", """{"fields":["nope"],"filter":{"staticListId":1}}""", "nope")]
    [InlineData("leads", """{"fields":["id"],"filter":{"staticListId":999}}""", "list")]
    [InlineData("leads", """{"format":"XML","fields":["id"],"filter":{"staticListId":1}}""", "format")]
    [InlineData("activities", """{"filter":{"activityTypeIds":[1]}}""", "createdAt")]
    [InlineData("activities", """{"filter":{"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-02T00:00:00Z"},"primaryAttributeValueIds":[1]}}""", "activityTypeIds")]
    [InlineData("program/members", """{"fields":["leadId"],"filter":{"programId":1001,"programIds":[1002]}}""", "exactly one")]
    [InlineData("program/members", """{"fields":["leadId"],"filter":{"isExhausted":true}}""", "exactly one")]
    [InlineData("program/members", """{"fields":["leadId"],"filter":{"programId":1001,"statusNames":["Nope"]}}""", "Invalid Data")]
    [InlineData("customobjects/car_c", """{"fields":["vIN"],"filter":{}}""", "exactly one")]
    public async Task Create_InvalidRequest_Returns1003NamingTheProblem(string entity, string body, string mentions)
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        var response = await sut.PostJsonAsync(SimulatorSession.Root(entity) + "/create.json", body);

        Assert.Equal("1003", SimulatorSession.ErrorCode(response));
        Assert.Contains(mentions, SimulatorSession.ErrorMessage(response), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Create_Exactly31Days_IsAccepted()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        var response = await sut.PostJsonAsync("/bulk/v1/leads/export/create.json", """{"fields":["id"],"filter":{"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-02-01T00:00:00Z"}}}""");

        Assert.True(response.GetProperty("success").GetBoolean());
    }

    [Theory]
    [InlineData("leads", """{"fields":["id"],"filter":{"updatedAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-02T00:00:00Z"}}}""")]
    [InlineData("leads", """{"fields":["id"],"filter":{"smartListId":1}}""")]
    [InlineData("program/members", """{"fields":["leadId"],"filter":{"programId":1001,"updatedAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-02T00:00:00Z"}}}""")]
    public async Task Create_UnsupportedFilterOnSubscription_Returns1035(string entity, string body)
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var before = await sut.PostJsonAsync(SimulatorSession.Root(entity) + "/create.json", body);

        sut.Control.UpdatedAtFilterSupported = false;
        sut.Control.SmartListFilterSupported = false;
        var after = await sut.PostJsonAsync(SimulatorSession.Root(entity) + "/create.json", body);

        Assert.True(before.GetProperty("success").GetBoolean());
        Assert.Equal("1035", SimulatorSession.ErrorCode(after));
    }

    [Fact]
    public async Task Enqueue_CompletedJob_Returns1003()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var (id, _) = await sut.ExportAsync("leads", """{"fields":["id"],"filter":{"staticListId":1}}""");

        var response = await sut.EnqueueAsync("leads", id);

        Assert.Equal("1003", SimulatorSession.ErrorCode(response));
    }
}
