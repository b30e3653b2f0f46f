using MarketoExport.TestHelpers;

namespace MarketoExport.Marketo.Simulator.Tests;

public sealed class CustomObjectTests
{
    private const string Schema = "/rest/v1/customobjects/schema";

    private static async Task CreateTypeAsync(SimulatorSession sut, string apiName, string fieldsJson)
    {
        SimulatorSession.First(await sut.PostJsonAsync(Schema + ".json", $$"""{"action":"createOnly","apiName":"{{apiName}}","displayName":"{{apiName}} display"}"""));
        var added = await sut.PostJsonAsync($"{Schema}/{apiName}/addField.json", "{\"input\":" + fieldsJson + "}");
        Assert.All(added.GetProperty("result").EnumerateArray(), r => Assert.Equal("created", r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Schema_DraftToApproved_LifecycleVisibleInDescribe()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        await CreateTypeAsync(sut, "order_c", """[{"name":"orderNo","displayName":"Order","dataType":"string","isDedupeField":true},{"name":"leadId","displayName":"Lead","dataType":"link","relatedTo":{"name":"lead","field":"id"}}]""");
        var draft = SimulatorSession.First(await sut.GetJsonAsync(Schema + "/order_c/describe.json"));
        var hiddenFromRecords = await sut.GetJsonAsync("/rest/v1/customobjects.json?names=order_c");
        SimulatorSession.First(await sut.PostJsonAsync(Schema + "/order_c/approve.json"));
        var approved = SimulatorSession.First(await sut.GetJsonAsync(Schema + "/order_c/describe.json"));
        await sut.PostJsonAsync(Schema + "/order_c/addField.json", """{"input":[{"name":"note","displayName":"Note","dataType":"text"}]}""");
        var withDraft = SimulatorSession.First(await sut.GetJsonAsync(Schema + "/order_c/describe.json?state=draft"));
        var discarded = await sut.PostJsonAsync(Schema + "/order_c/discardDraft.json");
        var recordDescribe = SimulatorSession.First(await sut.GetJsonAsync("/rest/v1/customobjects/order_c/describe.json"));

        Assert.Equal("draft", draft.GetProperty("state").GetString());
        Assert.Equal(0, hiddenFromRecords.GetProperty("result").GetArrayLength());
        Assert.Equal("approved", approved.GetProperty("state").GetString());
        Assert.Equal("marketoGUID", approved.GetProperty("idField").GetString());
        Assert.Equal(["orderNo"], approved.GetProperty("dedupeFields").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("approvedWithDraft", withDraft.GetProperty("state").GetString());
        Assert.Contains(withDraft.GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "note");
        Assert.True(discarded.GetProperty("success").GetBoolean());
        Assert.Equal("order_c", recordDescribe.GetProperty("name").GetString());
        Assert.DoesNotContain(recordDescribe.GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "note");
        var relation = recordDescribe.GetProperty("relationships")[0];
        Assert.Equal("lead", relation.GetProperty("relatedTo").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Schema_Limits_EnforcedWithReasons()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        SimulatorSession.First(await sut.PostJsonAsync(Schema + ".json", """{"apiName":"lim_c","displayName":"Lim"}"""));

        var fourDedupe = await sut.PostJsonAsync(Schema + "/lim_c/addField.json",
            """{"input":[{"name":"a","dataType":"string","isDedupeField":true},{"name":"b","dataType":"string","isDedupeField":true},{"name":"c","dataType":"string","isDedupeField":true},{"name":"d","dataType":"string","isDedupeField":true}]}""");
        var noDedupe = await sut.PostJsonAsync(Schema + ".json", """{"apiName":"nodedupe_c","displayName":"No dedupe"}""");
        var approveNoDedupe = await sut.PostJsonAsync(Schema + "/nodedupe_c/approve.json");
        var duplicate = await sut.PostJsonAsync(Schema + ".json", """{"action":"createOnly","apiName":"lim_c","displayName":"Again"}""");
        var badName = await sut.PostJsonAsync(Schema + ".json", """{"apiName":"bad-name","displayName":"Bad"}""");
        for (var i = 0; i < 7; i++)
        {
            SimulatorSession.First(await sut.PostJsonAsync(Schema + ".json", $$"""{"apiName":"t{{i}}_c","displayName":"T{{i}}"}"""));
        }

        var eleventh = await sut.PostJsonAsync(Schema + ".json", """{"apiName":"t99_c","displayName":"T99"}""");

        var results = fourDedupe.GetProperty("result").EnumerateArray().Select(r => r.GetProperty("status").GetString()!).ToArray();
        Assert.Equal(["created", "created", "created", "skipped"], results);
        Assert.True(noDedupe.GetProperty("success").GetBoolean());
        Assert.Equal("1003", SimulatorSession.ErrorCode(approveNoDedupe));
        Assert.Equal("1017", SimulatorSession.ErrorCode(duplicate));
        Assert.Equal("1003", SimulatorSession.ErrorCode(badName));
        Assert.Equal("1003", SimulatorSession.ErrorCode(eleventh));
        Assert.Contains("10", SimulatorSession.ErrorMessage(eleventh), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_StandaloneType_SyncQueryUpdateDelete()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        await CreateTypeAsync(sut, "checkpoint_c", """[{"name":"objectName","displayName":"Object","dataType":"string","isDedupeField":true},{"name":"highWaterMark","displayName":"HWM","dataType":"datetime"},{"name":"records","displayName":"Records","dataType":"integer"}]""");
        SimulatorSession.First(await sut.PostJsonAsync(Schema + "/checkpoint_c/approve.json"));

        var created = await sut.PostJsonAsync("/rest/v1/customobjects/checkpoint_c.json",
            """{"action":"createOrUpdate","dedupeBy":"dedupeFields","input":[{"objectName":"leads","highWaterMark":"2026-01-31T00:00:00Z","records":5},{"objectName":"activities","records":7},{"records":1},{"objectName":"x","bogus":1}]}""");
        var createOnlyAgain = await sut.PostJsonAsync("/rest/v1/customobjects/checkpoint_c.json", """{"action":"createOnly","input":[{"objectName":"leads"}]}""");
        var updateMissing = await sut.PostJsonAsync("/rest/v1/customobjects/checkpoint_c.json", """{"action":"updateOnly","input":[{"objectName":"nope"}]}""");
        sut.Time.Advance(TimeSpan.FromSeconds(5));
        var updated = await sut.PostJsonAsync("/rest/v1/customobjects/checkpoint_c.json", """{"input":[{"objectName":"leads","records":6}]}""");
        var query = await sut.GetJsonAsync("/rest/v1/customobjects/checkpoint_c.json?filterType=dedupeFields&filterValues=leads,activities&fields=objectName,records,highWaterMark,updatedAt");
        var guid = created.GetProperty("result")[0].GetProperty("marketoGUID").GetString();
        var byId = await sut.GetJsonAsync($"/rest/v1/customobjects/checkpoint_c.json?filterType=idField&filterValues={guid}");
        var deleted = await sut.PostJsonAsync("/rest/v1/customobjects/checkpoint_c/delete.json", """{"deleteBy":"dedupeFields","input":[{"objectName":"activities"},{"objectName":"ghost"}]}""");

        var statuses = created.GetProperty("result").EnumerateArray().Select(r => r.GetProperty("status").GetString()!).ToArray();
        Assert.Equal(["created", "created", "skipped", "skipped"], statuses);
        Assert.Equal("1002", created.GetProperty("result")[2].GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Equal("1006", created.GetProperty("result")[3].GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Equal(0, created.GetProperty("result")[3].GetProperty("seq").GetInt32() - 3);
        Assert.Equal("skipped", SimulatorSession.First(createOnlyAgain).GetProperty("status").GetString());
        Assert.Equal("skipped", SimulatorSession.First(updateMissing).GetProperty("status").GetString());
        Assert.Equal("updated", SimulatorSession.First(updated).GetProperty("status").GetString());
        Assert.Equal(guid, SimulatorSession.First(updated).GetProperty("marketoGUID").GetString());
        var rows = query.GetProperty("result").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        var leads = rows.Single(r => r.GetProperty("objectName").GetString() == "leads");
        Assert.Equal(6, leads.GetProperty("records").GetInt32());
        Assert.Equal("2026-01-31T00:00:00Z", leads.GetProperty("highWaterMark").GetString());
        Assert.False(rows.Single(r => r.GetProperty("objectName").GetString() == "activities").TryGetProperty("highWaterMark", out _));
        Assert.Equal("leads", SimulatorSession.First(byId).GetProperty("objectName").GetString());
        Assert.Equal(["deleted", "skipped"], deleted.GetProperty("result").EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.Single(sut.Control.GetCustomObjectRecords("checkpoint_c"));
    }

    [Fact]
    public async Task Records_QueryPaging_ReturnsNextPageToken()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        await sut.PostJsonAsync("/rest/v1/customobjects/car_c.json", """{"input":[{"vIN":"A","leadID":1},{"vIN":"B","leadID":1},{"vIN":"C","leadID":2}]}""");

        var first = await sut.GetJsonAsync("/rest/v1/customobjects/car_c.json?filterType=leadID&filterValues=1,2&batchSize=2");
        var token = first.GetProperty("nextPageToken").GetString();
        var second = await sut.GetJsonAsync("/rest/v1/customobjects/car_c.json?filterType=leadID&filterValues=1,2&batchSize=2&nextPageToken=" + Uri.EscapeDataString(token!));

        Assert.True(first.GetProperty("moreResult").GetBoolean());
        Assert.Equal(2, first.GetProperty("result").GetArrayLength());
        Assert.False(second.GetProperty("moreResult").GetBoolean());
        Assert.Equal("C", SimulatorSession.First(second).GetProperty("vIN").GetString());
    }

    [Fact]
    public async Task Records_LinkToUnknownLeadAndTooManyRecords_Rejected()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        var unknownLead = await sut.PostJsonAsync("/rest/v1/customobjects/car_c.json", """{"input":[{"vIN":"Z","leadID":999999}]}""");
        var tooMany = await sut.PostJsonAsync("/rest/v1/customobjects/car_c.json",
            "{\"input\":[" + string.Join(",", Enumerable.Range(0, 301).Select(i => $"{{\"vIN\":\"v{i}\"}}")) + "]}");

        Assert.Equal("1004", SimulatorSession.First(unknownLead).GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Equal("1003", SimulatorSession.ErrorCode(tooMany));
    }

    [Fact]
    public async Task Records_CompoundQueryWithMethodGet_MatchesInputObjects()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        await CreateTypeAsync(sut, "pair_c", """[{"name":"k1","dataType":"string","isDedupeField":true},{"name":"k2","dataType":"integer","isDedupeField":true}]""");
        await sut.PostJsonAsync(Schema + "/pair_c/approve.json");
        await sut.PostJsonAsync("/rest/v1/customobjects/pair_c.json", """{"input":[{"k1":"a","k2":1},{"k1":"a","k2":2}]}""");

        var result = await sut.PostJsonAsync("/rest/v1/customobjects/pair_c.json?_method=GET", """{"filterType":"dedupeFields","fields":["k1","k2"],"input":[{"k1":"a","k2":2}]}""");

        var row = Assert.Single(result.GetProperty("result").EnumerateArray());
        Assert.Equal(2, row.GetProperty("k2").GetInt32());
    }

    [Fact]
    public async Task SchemaApi_Disabled_Returns616()
    {
        await using var sut = await SimulatorSession.StartAsync(o => o.CustomObjectSchemaApiEnabled = false);
        await sut.TokenAsync();

        var response = await sut.PostJsonAsync(Schema + ".json", """{"apiName":"x_c","displayName":"X"}""");

        Assert.Equal("616", SimulatorSession.ErrorCode(response));
    }

    [Fact]
    public async Task BulkExport_StandaloneType_RejectedOrExportedByUpdatedAtPerSwitch()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        await CreateTypeAsync(sut, "edge_c", """[{"name":"code","dataType":"string","isDedupeField":true}]""");
        await sut.PostJsonAsync(Schema + "/edge_c/approve.json");
        await sut.PostJsonAsync("/rest/v1/customobjects/edge_c.json", """{"input":[{"code":"one"},{"code":"two, \"quoted\""}]}""");
        const string Body = """{"fields":["marketoGUID","code","updatedAt"],"filter":{"updatedAt":{"startAt":"2026-11-23T00:00:00Z","endAt":"2026-11-24T00:00:00Z"}}}""";

        var rejected = await sut.PostJsonAsync("/bulk/v1/customobjects/edge_c/export/create.json", Body);
        sut.Control.StandaloneCustomObjectExport = StandaloneCustomObjectExportMode.ExportByUpdatedAt;
        var (id, status) = await sut.ExportAsync("customobjects/edge_c", Body);
        var rows = Rfc4180.Parse(await sut.DownloadAsync("customobjects/edge_c", id));

        Assert.Equal("1003", SimulatorSession.ErrorCode(rejected));
        Assert.Equal(2, status.GetProperty("numberOfRecords").GetInt64());
        Assert.Equal(["one", "two, \"quoted\""], rows.Skip(1).Select(r => r[1]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task BulkExport_UnknownType_Returns1013()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        var response = await sut.PostJsonAsync("/bulk/v1/customobjects/ghost_c/export/create.json", """{"fields":["x"],"filter":{"updatedAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-02T00:00:00Z"}}}""");

        Assert.Equal("1013", SimulatorSession.ErrorCode(response));
    }

    [Fact]
    public async Task DeleteType_Approved_RemovesIt()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        await CreateTypeAsync(sut, "gone_c", """[{"name":"k","dataType":"string","isDedupeField":true}]""");
        await sut.PostJsonAsync(Schema + "/gone_c/approve.json");

        SimulatorSession.First(await sut.PostJsonAsync(Schema + "/gone_c/delete.json"));
        var describe = await sut.GetJsonAsync("/rest/v1/customobjects/gone_c/describe.json");

        Assert.Equal("1013", SimulatorSession.ErrorCode(describe));
        Assert.DoesNotContain("gone_c", sut.Control.GetCustomObjectTypes());
    }
    [Fact]
    public async Task ExtraSyntheticCustomObjects_AreApprovedCopiesOfCarWithTheSameRows()
    {
        await using var sut = await SimulatorSession.StartAsync(o => o.ExtraSyntheticCustomObjects = 2);
        await sut.TokenAsync();
        const string Body = """{"fields":["leadID","vIN","make","updatedAt"],"filter":{"updatedAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-31T00:00:00Z"}}}""";

        var described = SimulatorSession.First(await sut.GetJsonAsync(Schema + "/car3_c/describe.json"));
        var (carId, _) = await sut.ExportAsync("customobjects/car_c", Body);
        var (copyId, copyStatus) = await sut.ExportAsync("customobjects/car3_c", Body);
        var missing = await sut.GetJsonAsync("/rest/v1/customobjects/car4_c/describe.json");

        Assert.Equal("approved", described.GetProperty("state").GetString());
        Assert.Equal("Completed", copyStatus.GetProperty("status").GetString());
        Assert.True(copyStatus.GetProperty("numberOfRecords").GetInt64() > 0);
        Assert.Equal(await sut.DownloadAsync("customobjects/car_c", carId), await sut.DownloadAsync("customobjects/car3_c", copyId));
        Assert.False(missing.GetProperty("success").GetBoolean());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(7)]
    public async Task ExtraSyntheticCustomObjects_OutOfRange_RefusedAtStart(int extra)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => SimulatorSession.StartAsync(o => o.ExtraSyntheticCustomObjects = extra));

        Assert.Contains("between 0 and 6", ex.Message, StringComparison.Ordinal);
    }
}
