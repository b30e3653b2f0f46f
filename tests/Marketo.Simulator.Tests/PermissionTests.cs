using System.Net;
using System.Text;
using System.Text.Json;

namespace MarketoExport.Marketo.Simulator.Tests;

public sealed class PermissionTests
{
    [Fact]
    public async Task LeadPermissionDenied_DescribesAndLeadExportsAnswer603_OtherAreasStillWork()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        sut.Control.ApiUserPermissions = SimulatorApiPermissions.All & ~SimulatorApiPermissions.Lead;
        var describe2 = await sut.GetJsonAsync("/rest/v1/leads/describe2.json");
        var describe = await sut.GetJsonAsync("/rest/v1/leads/describe.json");
        var member = await sut.GetJsonAsync("/rest/v1/programs/members/describe.json");
        var leads = await sut.PostJsonAsync("/bulk/v1/leads/export/create.json", """{"fields":["id"],"filter":{"staticListId":1}}""");
        var members = await sut.GetJsonAsync("/bulk/v1/program/members/export.json");
        var activities = await sut.PostJsonAsync("/bulk/v1/activities/export/create.json", """{"filter":{"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-02T00:00:00Z"}}}""");
        var usage = await sut.GetJsonAsync("/rest/v1/stats/usage.json");

        Assert.All([describe2, describe, member, leads, members], e => Assert.Equal("603", SimulatorSession.ErrorCode(e)));
        Assert.Equal("Access denied", SimulatorSession.ErrorMessage(leads));
        Assert.True(activities.GetProperty("success").GetBoolean());
        Assert.True(usage.GetProperty("success").GetBoolean());
    }

    [Theory]
    [InlineData(SimulatorApiPermissions.Activity, "/rest/v1/activities/types.json")]
    [InlineData(SimulatorApiPermissions.Activity, "/bulk/v1/activities/export.json")]
    [InlineData(SimulatorApiPermissions.CustomObject, "/rest/v1/customobjects/car_c/describe.json")]
    [InlineData(SimulatorApiPermissions.CustomObject, "/bulk/v1/customobjects/car_c/export.json")]
    [InlineData(SimulatorApiPermissions.CustomObjectType, "/rest/v1/customobjects/schema.json")]
    [InlineData(SimulatorApiPermissions.CustomObjectType, "/rest/v1/customobjects/schema/car_c/describe.json")]
    public async Task PermissionDenied_CallInItsArea_Answers603AndIsCounted(SimulatorApiPermissions denied, string path)
    {
        await using var sut = await SimulatorSession.StartAsync(o => o.ApiUserPermissions = SimulatorApiPermissions.All & ~denied);
        await sut.TokenAsync();
        sut.Control.ResetCounters();

        var response = await sut.GetJsonAsync(path);

        Assert.Equal("603", SimulatorSession.ErrorCode(response));
        Assert.Equal(1, sut.Control.GetCalls().Counted);
        Assert.Equal(1, sut.Control.GetCalls().RejectedByCode["603"]);
    }

    [Fact]
    public async Task CustomObjectTypeDenied_CustomObjectRecordsStillAnswer()
    {
        await using var sut = await SimulatorSession.StartAsync(o => o.ApiUserPermissions = SimulatorApiPermissions.All & ~SimulatorApiPermissions.CustomObjectType);
        await sut.TokenAsync();

        var describe = await sut.GetJsonAsync("/rest/v1/customobjects/car_c/describe.json");

        Assert.True(describe.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task SimPermissions_PostDeniesAndRestores_GetReportsFlags()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        using var deny = await sut.Http.PostAsync("/_sim/permissions", Json("""{"lead":false}"""));
        var denied = JsonDocument.Parse(await deny.Content.ReadAsStringAsync()).RootElement;
        var whileDenied = await sut.GetJsonAsync("/rest/v1/leads/describe2.json");
        using var restore = await sut.Http.PostAsync("/_sim/permissions", Json("""{"lead":true}"""));
        var restored = JsonDocument.Parse(await sut.Http.GetStringAsync("/_sim/permissions")).RootElement;
        var afterRestore = await sut.GetJsonAsync("/rest/v1/leads/describe2.json");
        using var bad = await sut.Http.PostAsync("/_sim/permissions", Json("""{"lead":"maybe"}"""));

        Assert.Equal(HttpStatusCode.OK, deny.StatusCode);
        Assert.False(denied.GetProperty("lead").GetBoolean());
        Assert.True(denied.GetProperty("activity").GetBoolean());
        Assert.Equal("603", SimulatorSession.ErrorCode(whileDenied));
        Assert.True(restored.GetProperty("lead").GetBoolean());
        Assert.True(afterRestore.GetProperty("success").GetBoolean());
        Assert.Equal(SimulatorApiPermissions.All, sut.Control.ApiUserPermissions);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
