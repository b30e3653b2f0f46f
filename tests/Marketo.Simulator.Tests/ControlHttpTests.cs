using System.Net;
using System.Text;
using System.Text.Json;

namespace MarketoExport.Marketo.Simulator.Tests;

public sealed class ControlHttpTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task SimFaults_PostListDelete_DriveTheSimulator()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        using var added = await sut.Http.PostAsync("/_sim/faults", Json("""{"kind":"ErrorCode","code":"606","count":5,"pathContains":"/activities/"}"""));
        using var list = await sut.Http.GetAsync("/_sim/faults");
        var faulted = await sut.GetJsonAsync("/rest/v1/activities/types.json");
        using var cleared = await sut.Http.DeleteAsync("/_sim/faults");
        var healthy = await sut.GetJsonAsync("/rest/v1/activities/types.json");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.StartsWith("fault-", JsonDocument.Parse(await added.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        Assert.Equal("606", SimulatorSession.ErrorCode(faulted));
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.True(healthy.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task SimFaults_BadJson_Returns400()
    {
        await using var sut = await SimulatorSession.StartAsync();

        using var response = await sut.Http.PostAsync("/_sim/faults", Json("""{"kind":"NoSuchKind"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SimJobsQueueCalls_AfterExport_ReportState()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var (id, _) = await sut.ExportAsync("leads", """{"fields":["id"],"filter":{"staticListId":1}}""");

        var jobs = JsonDocument.Parse(await sut.Http.GetStringAsync("/_sim/jobs")).RootElement;
        var queue = JsonDocument.Parse(await sut.Http.GetStringAsync("/_sim/queue")).RootElement;
        var calls = JsonDocument.Parse(await sut.Http.GetStringAsync("/_sim/calls")).RootElement;
        var usage = JsonDocument.Parse(await sut.Http.GetStringAsync("/_sim/export-usage")).RootElement;

        Assert.Equal(id, jobs[0].GetProperty("exportId").GetString());
        Assert.Equal("Completed", jobs[0].GetProperty("transitions")[3].GetProperty("status").GetString());
        Assert.Equal(1, queue.GetProperty("maxProcessing").GetInt32());
        Assert.True(calls.GetProperty("perEndpoint").GetProperty("POST /bulk/v1/leads/export/create.json").GetInt64() == 1);
        Assert.True(usage.GetProperty("bytesUsedToday").GetInt64() > 0);
        Assert.Equal(500L * 1024 * 1024, usage.GetProperty("quotaBytes").GetInt64());
    }

    [Fact]
    public async Task SimQuotaTokensSubscription_Posts_ChangeBehaviour()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        using var _ = await sut.Http.PostAsync("/_sim/quota/export/exhaust", null);
        var create = await sut.PostJsonAsync("/bulk/v1/leads/export/create.json", """{"fields":["id"],"filter":{"staticListId":1}}""");
        using var sub = await sut.Http.PostAsync("/_sim/subscription", Json("""{"customObjectSchemaApiEnabled":false}"""));
        var schema = await sut.GetJsonAsync("/rest/v1/customobjects/schema.json");
        using var expire = await sut.Http.PostAsync("/_sim/tokens/expire", null);
        var expired = await sut.GetJsonAsync("/rest/v1/activities/types.json");
        using var calls = await sut.Http.PostAsync("/_sim/quota/calls/exhaust", null);
        await sut.TokenAsync();
        var quota = await sut.GetJsonAsync("/rest/v1/activities/types.json");

        Assert.Equal("1029", SimulatorSession.ErrorCode(create));
        Assert.Equal("616", SimulatorSession.ErrorCode(schema));
        Assert.Equal("602", SimulatorSession.ErrorCode(expired));
        Assert.Equal("607", SimulatorSession.ErrorCode(quota));
    }

    [Fact]
    public async Task SimJobFailAndCustomObjects_Endpoints_Work()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var id = await sut.CreateAsync("leads", """{"fields":["id"],"filter":{"staticListId":1}}""");
        await sut.PostJsonAsync("/rest/v1/customobjects/car_c.json", """{"input":[{"vIN":"V1","leadID":3}]}""");

        using var fail = await sut.Http.PostAsync($"/_sim/jobs/{id}/fail?message=boom", null);
        var status = await sut.StatusAsync("leads", id);
        var types = JsonDocument.Parse(await sut.Http.GetStringAsync("/_sim/customobjects")).RootElement;
        var records = JsonDocument.Parse(await sut.Http.GetStringAsync("/_sim/customobjects/car_c/records")).RootElement;

        Assert.Equal(HttpStatusCode.NoContent, fail.StatusCode);
        Assert.Equal("boom", status.GetProperty("errorMsg").GetString());
        Assert.Contains(types.EnumerateArray(), t => t.GetString() == "car_c");
        Assert.Equal("V1", records[0].GetProperty("vIN").GetString());
    }
}
