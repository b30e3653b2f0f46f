using MarketoExport.Activities.Checkpoints;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Activities.Tests;

public sealed class CheckpointStoreTests
{
    private static readonly DateTime Mark = new(2026, 1, 31, 23, 59, 59, DateTimeKind.Utc);

    [Fact]
    public async Task Provision_ThenWriteAndRead_RoundTripsEveryField()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        ICheckpointStore sut = sim.Store;
        var checkpoint = new ExportCheckpoint("leads")
        {
            HighWaterMark = Mark,
            LastFileName = "leads/leads_x.csv",
            LastFileRecords = 42,
            LastIngestedAt = Mark.AddHours(1),
            EpochStartedAt = Mark.AddDays(-30),
            EpochRecords = 4242,
            InFlightExportId = "abc",
            InFlightWindowStart = Mark.AddSeconds(1),
            InFlightWindowEnd = Mark.AddDays(31),
        };

        string provisioned = await sut.ProvisionAsync(default);
        await sut.WriteAsync(checkpoint, default);
        ExportCheckpoint read = await sut.ReadAsync("leads", default);

        Assert.Contains("approved", provisioned, StringComparison.Ordinal);
        Assert.Equal(checkpoint, read);
        Assert.Contains(ExportActivityOptions.DefaultCheckpointObject, sim.Control.GetCustomObjectTypes());
    }

    [Fact]
    public async Task Write_ClearsInFlightFields()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        ICheckpointStore sut = sim.Store;
        await sut.ProvisionAsync(default);
        await sut.WriteAsync(new ExportCheckpoint("leads") { InFlightExportId = "abc", InFlightWindowStart = Mark, InFlightWindowEnd = Mark }, default);

        await sut.WriteAsync(new ExportCheckpoint("leads") { HighWaterMark = Mark }, default);
        ExportCheckpoint read = await sut.ReadAsync("leads", default);

        Assert.Null(read.InFlightExportId);
        Assert.Null(read.InFlightWindowStart);
        Assert.Equal(Mark, read.HighWaterMark);
    }

    [Fact]
    public async Task Provision_Twice_SecondSaysItExists()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();

        await sim.Store.ProvisionAsync(default);
        string second = await sim.Store.ProvisionAsync(default);

        Assert.Contains("already exists", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_NothingStored_IsEmptyCheckpoint()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        await sim.Store.ProvisionAsync(default);

        ExportCheckpoint read = await sim.Store.ReadAsync("activities", default);

        Assert.Equal(new ExportCheckpoint("activities"), read);
    }

    [Fact]
    public async Task Read_ObjectMissing_SaysRunProvision()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();

        CheckpointStoreException ex = await Assert.ThrowsAsync<CheckpointStoreException>(() => sim.Store.ReadAsync("leads", default));

        Assert.Contains("provision", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_RecordSkipped_ThrowsNeverIgnored()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        await sim.Store.ProvisionAsync(default);
        sim.Control.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.RejectCustomObjectRecord, Count = 1 });

        CheckpointStoreException ex = await Assert.ThrowsAsync<CheckpointStoreException>(
            () => sim.Store.WriteAsync(new ExportCheckpoint("leads") { HighWaterMark = Mark }, default));

        Assert.Contains("did not save", ex.Message, StringComparison.Ordinal);
        Assert.Null((await sim.Store.ReadAsync("leads", default)).HighWaterMark);
    }
}
