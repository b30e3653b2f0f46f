using System.Text.Json.Nodes;
using MarketoExport.Marketo.CustomObjects;
using MarketoExport.Marketo.Tests.Support;

namespace MarketoExport.Marketo.Tests.CustomObjects;

public sealed class CustomObjectContractTests
{
    [Fact]
    public async Task Schema_CreateAddFieldsApprove_TypeBecomesApprovedAndUsable()
    {
        await using var sim = await SimulatorFixture.StartAsync();

        await sim.Client.CreateOrUpdateCustomObjectTypeAsync(new CustomObjectTypeDefinition("checkpoint_c", "Checkpoint") { PluralName = "Checkpoints" });
        var draft = await sim.Client.DescribeCustomObjectTypeAsync("checkpoint_c");
        await sim.Client.AddCustomObjectFieldsAsync("checkpoint_c",
        [
            new CustomObjectFieldDefinition("objectName", "Object Name", "string") { IsDedupeField = true },
            new CustomObjectFieldDefinition("highWaterMark", "High Water Mark", "datetime"),
            new CustomObjectFieldDefinition("records", "Records", "integer"),
        ]);
        await sim.Client.ApproveCustomObjectTypeAsync("checkpoint_c");
        var approved = await sim.Client.DescribeCustomObjectTypeAsync("checkpoint_c");
        var described = await sim.Client.DescribeCustomObjectAsync("checkpoint_c");
        var listed = await sim.Client.ListCustomObjectTypesAsync(["checkpoint_c"]);

        Assert.Equal("draft", draft!.State);
        Assert.Equal("approved", approved!.State);
        Assert.Equal(["objectName"], approved.DedupeFields);
        Assert.Contains(described!.Fields, f => f.Name == "highWaterMark" && f.DataType == "datetime");
        Assert.Equal("checkpoint_c", Assert.Single(listed).Name);
    }

    [Fact]
    public async Task DescribeCustomObjectTypeAsync_Unknown_ReturnsNull()
    {
        await using var sim = await SimulatorFixture.StartAsync();

        var sut = await sim.Client.DescribeCustomObjectTypeAsync("nothing_c");

        Assert.Null(sut);
    }

    [Fact]
    public async Task Records_SyncQueryUpdateDelete_RoundTrip()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        await CreateCheckpointTypeAsync(sim.Client);

        var created = await sim.Client.SyncCustomObjectsAsync("checkpoint_c",
        [
            new JsonObject { ["objectName"] = "leads", ["records"] = 10 },
            new JsonObject { ["objectName"] = "activities", ["records"] = 20 },
        ]);
        var updated = await sim.Client.SyncCustomObjectsAsync("checkpoint_c", [new JsonObject { ["objectName"] = "leads", ["records"] = 11 }], CustomObjectSyncAction.UpdateOnly);
        var skipped = await sim.Client.SyncCustomObjectsAsync("checkpoint_c", [new JsonObject { ["objectName"] = "leads", ["records"] = 12 }], CustomObjectSyncAction.CreateOnly);
        var page = await sim.Client.QueryCustomObjectsAsync("checkpoint_c", new CustomObjectQuery("objectName", ["leads", "activities"]) { Fields = ["objectName", "records"] });
        var deleted = await sim.Client.DeleteCustomObjectsAsync("checkpoint_c", [new JsonObject { ["objectName"] = "activities" }, new JsonObject { ["objectName"] = "nope" }]);
        var after = await sim.Client.QueryCustomObjectsAsync("checkpoint_c", new CustomObjectQuery("objectName", ["activities"]));

        Assert.All(created, r => Assert.Equal(CustomObjectRecordStatus.Created, r.Status));
        Assert.Equal([0, 1], created.Select(r => r.Seq).ToArray());
        Assert.Equal(CustomObjectRecordStatus.Updated, Assert.Single(updated).Status);
        var skip = Assert.Single(skipped);
        Assert.Equal(CustomObjectRecordStatus.Skipped, skip.Status);
        Assert.NotEmpty(skip.Reasons);
        Assert.Equal(11, page.Records.Single(r => r["objectName"]!.GetValue<string>() == "leads")["records"]!.GetValue<int>());
        Assert.Equal(2, page.Records.Count);
        Assert.Equal(CustomObjectRecordStatus.Deleted, deleted[0].Status);
        Assert.Equal(CustomObjectRecordStatus.Skipped, deleted[1].Status);
        Assert.Equal("1013", deleted[1].Reasons.Single().Code.Value);
        Assert.Empty(after.Records);
    }

    [Fact]
    public async Task QueryCustomObjectsAsync_CompoundKeyInput_UsesMethodOverride()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        await CreateCheckpointTypeAsync(sim.Client);
        await sim.Client.SyncCustomObjectsAsync("checkpoint_c", [new JsonObject { ["objectName"] = "leads", ["records"] = 3 }]);

        var page = await sim.Client.QueryCustomObjectsAsync("checkpoint_c", new CustomObjectQuery("dedupeFields", []) { Input = [new JsonObject { ["objectName"] = "leads" }], Fields = ["records"] });

        Assert.Equal(3, Assert.Single(page.Records)["records"]!.GetValue<int>());
    }

    [Fact]
    public async Task StatsAndActivityTypes_AfterCalls_ReportRealUsage()
    {
        await using var sim = await SimulatorFixture.StartAsync();

        var types = await sim.Client.GetActivityTypesAsync();
        var usage = await sim.Client.GetUsageAsync();
        var week = await sim.Client.GetUsageLast7DaysAsync();
        var errors = await sim.Client.GetErrorsAsync();

        Assert.Contains(types, t => t.Id == 1);
        Assert.True(usage.Single().Total >= 1);
        Assert.Equal(7, week.Count);
        Assert.NotNull(errors);
    }

    internal static async Task CreateCheckpointTypeAsync(IMarketoClient client)
    {
        await client.CreateOrUpdateCustomObjectTypeAsync(new CustomObjectTypeDefinition("checkpoint_c", "Checkpoint"));
        await client.AddCustomObjectFieldsAsync("checkpoint_c",
        [
            new CustomObjectFieldDefinition("objectName", "Object Name", "string") { IsDedupeField = true },
            new CustomObjectFieldDefinition("records", "Records", "integer"),
        ]);
        await client.ApproveCustomObjectTypeAsync("checkpoint_c");
    }
}
