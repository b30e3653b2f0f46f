using System.Globalization;
using MarketoExport.Activities.Landing;
using MarketoExport.Activities.Tests.Child;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Orchestrations.Export;
using MarketoExport.TestHelpers;

namespace MarketoExport.Activities.Tests.Landing;

/// <summary>
/// A download killed with SIGKILL mid-file in a child process (<see cref="DownloadChild"/>: this test assembly run as
/// a program) and run again in this process: the re-run transfers only the rest, into both sinks.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class KilledDownloadTests(AzuriteFixture azurite)
{
    // The same file, window and bounds as the in-process stop.
    private const long SimulatedActivities = ResumedDownloadTests.SimulatedActivities;
    private static readonly TimeSpan Generous = ResumedDownloadTests.Generous;
    private static readonly ExportObject ActivitiesObject = ResumedDownloadTests.ActivitiesObject;
    private static readonly ExportWindow January = ResumedDownloadTests.January;

    [Theory]
    [InlineData(LandingKind.Folder)]
    [InlineData(LandingKind.Blob)]
    public async Task RunAsync_ProcessKilledMidFile_ReRunTransfersOnlyTheRest(LandingKind kind)
    {
        var landing = new LandingUnderTest(kind, azurite);
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync(SimulatedActivities, landing.Register);
        ExportJobState job = await sim.CompletedJobAsync(ActivitiesObject, January);
        long size = job.FileSize!.Value;
        long cut = (size * 3 / 5) + 11;
        Assert.True(cut > 3 * LandingUnderTest.BlockSize, $"the file ({size} bytes) is too small to stage several blocks before the cut");

        // The child gets the file's first `cut` bytes, then its connection is cut and its Range request to resume is
        // held: it is mid-file, waiting on the network, when it says on stdout that those bytes are written.
        using SimulatorGate first = sim.Control.Hold("/file.json");
        using ChildProcess child = ChildProcess.StartDotnet(typeof(DownloadChild).Assembly.Location, [DownloadChild.Verb, .. ChildArguments(sim, job), .. landing.ChildArguments(sim)], "the download child");
        await child.WhileRunningAsync(first.WaitForHeldAsync(1), "its first file request", Generous);
        sim.Control.AddFault(SimulatorFault.CutDownload(afterBytes: cut));
        using SimulatorGate resume = sim.Control.Hold("/file.json");
        first.Release();
        await child.WhileRunningAsync(resume.WaitForHeldAsync(1), "its Range request after the cut", Generous);
        await child.WaitForExactLineAsync("written " + cut.ToString(CultureInfo.InvariantCulture), Generous);

        child.Kill();
        resume.Release();

        Assert.Contains("begin 0", child.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("landed", child.Output, StringComparison.Ordinal);
        long kept = await landing.PartialBytesAsync(sim, ResumedDownloadTests.Name(), ResumedDownloadTests.Key(job));
        Assert.Equal(landing.Survives(cut), kept);
        Assert.Empty(await sim.Sink.ReadManifestAsync(default));

        await ResumedDownloadTests.AssertNextExecutionTransfersOnlyTheRestAsync(sim, landing, new DownloadExportFileRequest(ActivitiesObject, January, job), kept);
    }

    private static string[] ChildArguments(SimulatorFixture sim, ExportJobState job) =>
    [
        "--base-url=" + sim.Simulator.BaseUrl,
        "--client-id=" + sim.Options.ClientId,
        "--client-secret=" + sim.Options.ClientSecret,
        "--object=" + nameof(ExportObjectKind.Activities),
        "--window-start=" + ExportWindow.Iso(January.Start),
        "--window-end=" + ExportWindow.Iso(January.End),
        "--export-id=" + job.ExportId,
        "--file-size=" + job.FileSize!.Value.ToString(CultureInfo.InvariantCulture),
        "--checksum=" + job.FileChecksum,
        "--records=" + job.NumberOfRecords!.Value.ToString(CultureInfo.InvariantCulture),
    ];
}
