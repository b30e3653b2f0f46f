using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MarketoExport.Activities.Landing;
using MarketoExport.Marketo;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Orchestrations.Export;
using MarketoExport.TestHelpers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Activities.Tests.Landing;

/// <summary>The download activity, built from the container with <c>Landing:Kind=blob</c>, against the simulator and Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobDownloadActivityTests(AzuriteFixture azurite)
{
    private static readonly ExportObject ActivitiesObject = new(ExportObjectKind.Activities);
    private static readonly ExportObject Leads = new(ExportObjectKind.Leads) { Fields = ["id", "email", "firstName", "updatedAt"] };
    private static readonly ExportWindow January = new(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 31, 23, 59, 59, DateTimeKind.Utc));

    [Fact]
    public async Task RunAsync_BlobSinkFromConfiguration_LandsVerifiedBlobOnceAndManifestLine()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        ExportJobState job = await sim.CompletedJobAsync(ActivitiesObject, January);
        string containerName = "t" + Guid.NewGuid().ToString("N");
        await using ServiceProvider services = BlobServices(sim, containerName);
        DownloadExportFileActivity sut = ActivatorUtilities.CreateInstance<DownloadExportFileActivity>(services);
        var request = new DownloadExportFileRequest(ActivitiesObject, January, job);

        LandedFile landed = await sut.RunAsync(request, default);
        LandedFile again = await sut.RunAsync(request, default);

        Assert.IsType<BlobStorageSink>(services.GetRequiredService<ILandingSink>());
        Assert.Equal("activities/activities_20260101T000000Z_20260131T235959Z.csv", landed.Name);
        Assert.False(landed.AlreadyLanded);
        Assert.True(again.AlreadyLanded);
        BlobContainerClient container = azurite.NewContainerClient(containerName);
        byte[] bytes = (await container.GetBlobClient(landed.Name).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(job.FileChecksum, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(job.FileSize, bytes.Length);
        ManifestEntry entry = Assert.Single(await services.GetRequiredService<ILandingSink>().ReadManifestAsync(default));
        Assert.Equal((job.ExportId, landed.Name, landed.Sha256, job.NumberOfRecords), (entry.ExportId, entry.File, entry.Sha256, (long?)entry.Records));
        Assert.Empty(sim.Landed.Files());
    }

    [Fact]
    public async Task RunAsync_WrongChecksumIntoBlobSink_LandsNoBlobAndNoManifest()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        sim.Control.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.WrongChecksum, Count = 1 });
        ExportJobState job = await sim.CompletedJobAsync(Leads, January);
        string containerName = "t" + Guid.NewGuid().ToString("N");
        await using ServiceProvider services = BlobServices(sim, containerName);
        DownloadExportFileActivity sut = ActivatorUtilities.CreateInstance<DownloadExportFileActivity>(services);

        await Assert.ThrowsAsync<ExportFileVerificationException>(
            () => sut.RunAsync(new DownloadExportFileRequest(Leads, January, job), default));

        BlobContainerClient container = azurite.NewContainerClient(containerName);
        var left = new List<string>();
        await foreach (BlobItem item in container.GetBlobsAsync(new GetBlobsOptions { States = BlobStates.Uncommitted }))
        {
            left.Add(item.Name);
        }

        Assert.Empty(left);
    }

    private ServiceProvider BlobServices(SimulatorFixture sim, string containerName)
    {
        var simulatorDefaults = new SimulatorOptions();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Landing:Kind"] = "blob",
            ["Landing:Blob:ConnectionString"] = azurite.ConnectionString,
            ["Landing:Blob:Container"] = containerName,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddMarketoClient(o =>
        {
            o.BaseUrl = sim.Simulator.BaseUrl.ToString();
            o.ClientId = simulatorDefaults.ClientId;
            o.ClientSecret = simulatorDefaults.ClientSecret;
        });
        services.AddExportActivities(sim.Landing);
        services.AddLandingSink(configuration, defaultFolder: sim.Landing);
        return services.BuildServiceProvider();
    }
}
