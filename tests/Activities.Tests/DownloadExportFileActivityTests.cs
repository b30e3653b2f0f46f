using System.Security.Cryptography;
using MarketoExport.Activities.Landing;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Activities.Tests;

public sealed class DownloadExportFileActivityTests
{
    private static readonly ExportObject Leads = new(ExportObjectKind.Leads) { Fields = ["id", "email", "firstName", "updatedAt"] };
    private static readonly ExportObject ActivitiesObject = new(ExportObjectKind.Activities);
    private static readonly ExportWindow January = new(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 31, 23, 59, 59, DateTimeKind.Utc));

    [Fact]
    public async Task RunAsync_CompletedJob_LandsVerifiedFileAndOneManifestLine()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        ExportJobState job = await sim.CompletedJobAsync(ActivitiesObject, January);
        DownloadExportFileActivity sut = sim.Activity<DownloadExportFileActivity>();

        LandedFile landed = await sut.RunAsync(new DownloadExportFileRequest(ActivitiesObject, January, job), default);

        Assert.Equal("activities/activities_20260101T000000Z_20260131T235959Z.csv", landed.Name);
        Assert.Equal(job.NumberOfRecords, landed.Records);
        Assert.True(landed.Records > 0);
        byte[] bytes = await File.ReadAllBytesAsync(Path.Combine(sim.Landing, landed.Name));
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), job.FileChecksum);
        ManifestEntry entry = Assert.Single(await sim.Sink.ReadManifestAsync(default));
        Assert.Equal(job.ExportId, entry.ExportId);
        Assert.Equal(landed.Sha256, entry.Sha256);
        Assert.Equal([landed.Name, LandingNames.Manifest], sim.Landed.Files());
    }

    [Fact]
    public async Task RunAsync_LongFile_ReportsProgressFromStartToFinishAboutOnceASecond()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync(activities: 20_000);
        ExportJobState job = await sim.CompletedJobAsync(ActivitiesObject, January);
        var progress = new RecordingProgress();

        // Every read of the clock moves it one second on: each buffer written is "a second later".
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };
        DownloadExportFileActivity sut = sim.Activity<DownloadExportFileActivity>(progress, clock);

        await sut.RunAsync(new DownloadExportFileRequest(ActivitiesObject, January, job), default);

        IReadOnlyList<DownloadProgress> reports = progress.Reports;
        Assert.True(job.FileSize > 4 * 81_920, $"the file is only {job.FileSize} bytes");
        Assert.True(reports.Count > 3, $"{reports.Count} reports");
        Assert.Equal(0, reports[0].Bytes);
        Assert.False(reports[0].Finished);
        Assert.All(reports, r => Assert.Equal(job.FileSize, r.TotalBytes));
        Assert.All(reports, r => Assert.Equal(job.ExportId, r.ExportId));
        Assert.Equal(reports.Select(r => r.Bytes).Order(), reports.Select(r => r.Bytes));
        Assert.True(reports[^1].Finished);
        Assert.Equal(job.FileSize, reports[^1].Bytes);
        Assert.NotNull(reports[^2].Remaining);
    }

    [Fact]
    public async Task RunAsync_ConnectionCutTwice_ResumesWithRangeAndLandsTheIdenticalFile()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        ExportJobState job = await sim.CompletedJobAsync(ActivitiesObject, January);
        sim.Control.AddFault(SimulatorFault.CutDownload(afterBytes: 4000, count: 2));
        DownloadExportFileActivity sut = sim.Activity<DownloadExportFileActivity>();

        LandedFile landed = await sut.RunAsync(new DownloadExportFileRequest(ActivitiesObject, January, job), default);

        Assert.Equal(job.FileSize, landed.Bytes);
        Assert.Equal(job.FileChecksum, "sha256:" + landed.Sha256);
        Assert.Equal(job.NumberOfRecords, landed.Records);
        Assert.True(sim.Control.GetCalls().PerEndpoint.Where(p => p.Key.Contains("file", StringComparison.Ordinal)).Sum(p => p.Value) >= 3);
        Assert.DoesNotContain(sim.Landed.Files(), f => f.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WrongChecksum_ThrowsAndLandsNothing()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        sim.Control.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.WrongChecksum, Count = 1 });
        ExportJobState job = await sim.CompletedJobAsync(Leads, January);
        DownloadExportFileActivity sut = sim.Activity<DownloadExportFileActivity>();

        ExportFileVerificationException ex = await Assert.ThrowsAsync<ExportFileVerificationException>(
            () => sut.RunAsync(new DownloadExportFileRequest(Leads, January, job), default));

        Assert.Contains("sha256", ex.Message, StringComparison.Ordinal);
        Assert.Empty(sim.Landed.Files());
    }

    [Fact]
    public async Task RunAsync_WrongRecordCount_ThrowsAndLandsNothing()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        ExportJobState job = await sim.CompletedJobAsync(Leads, January);
        DownloadExportFileActivity sut = sim.Activity<DownloadExportFileActivity>();

        ExportFileVerificationException ex = await Assert.ThrowsAsync<ExportFileVerificationException>(
            () => sut.RunAsync(new DownloadExportFileRequest(Leads, January, job with { NumberOfRecords = job.NumberOfRecords + 1 }), default));

        Assert.Contains("records", ex.Message, StringComparison.Ordinal);
        Assert.Empty(sim.Landed.Files());
    }

    [Fact]
    public async Task RunAsync_SameJobTwice_SecondIsAlreadyLandedAndManifestHasOneLine()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        ExportJobState job = await sim.CompletedJobAsync(Leads, January);
        DownloadExportFileActivity sut = sim.Activity<DownloadExportFileActivity>();
        var request = new DownloadExportFileRequest(Leads, January, job);

        LandedFile first = await sut.RunAsync(request, default);
        LandedFile second = await sut.RunAsync(request, default);

        Assert.False(first.AlreadyLanded);
        Assert.True(second.AlreadyLanded);
        Assert.Single(await sim.Sink.ReadManifestAsync(default));
    }

    [Fact]
    public async Task RunAsync_FileGone_ThrowsFileMissing()
    {
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync();
        ExportJobState job = await sim.CompletedJobAsync(Leads, January);
        Assert.True(sim.Control.DeleteFile(job.ExportId));
        DownloadExportFileActivity sut = sim.Activity<DownloadExportFileActivity>();

        await Assert.ThrowsAsync<ExportFileMissingException>(() => sut.RunAsync(new DownloadExportFileRequest(Leads, January, job), default));

        Assert.Empty(sim.Landed.Files());
    }

    private sealed class RecordingProgress : IDownloadProgress
    {
        private readonly List<DownloadProgress> _reports = [];

        public IReadOnlyList<DownloadProgress> Reports
        {
            get
            {
                lock (_reports)
                {
                    return _reports.ToArray();
                }
            }
        }

        public void Report(DownloadProgress progress)
        {
            lock (_reports)
            {
                _reports.Add(progress);
            }
        }
    }
}
