using System.Security.Cryptography;
using MarketoExport.Activities.Landing;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Orchestrations.Export;
using MarketoExport.TestHelpers;
using Microsoft.DurableTask;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace MarketoExport.Activities.Tests.Landing;

/// <summary>
/// The download activity stopped mid-file and run again, into both sinks (Azurite for blob), against the simulator on
/// loopback: the next execution continues from the bytes that landed and transfers only the rest.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ResumedDownloadTests(AzuriteFixture azurite)
{
    // About 4,000 January activities: a file of several hundred KB, several 64 KiB blocks.
    internal const long SimulatedActivities = 24_000;

    /// <summary>How long any one wait may take before the test fails (generous: a loaded 2-core machine).</summary>
    internal static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);
    internal static readonly ExportObject ActivitiesObject = new(ExportObjectKind.Activities);
    internal static readonly ExportWindow January = new(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 31, 23, 59, 59, DateTimeKind.Utc));

    [Theory]
    [InlineData(LandingKind.Folder)]
    [InlineData(LandingKind.Blob)]
    public async Task RunAsync_StoppedByTheHostMidFile_NextExecutionTransfersOnlyTheRest(LandingKind kind)
    {
        var landing = new LandingUnderTest(kind, azurite);
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync(SimulatedActivities, landing.Register);
        ExportJobState job = await sim.CompletedJobAsync(ActivitiesObject, January);
        var request = new DownloadExportFileRequest(ActivitiesObject, January, job);
        long cut = (job.FileSize!.Value / 2) + 7;
        using var stopping = new CancellationTokenSource();
        DownloadExportFileActivity sut = sim.Activity<DownloadExportFileActivity>(new ActivityEnvironment(1, stopping.Token));

        // The SDK's entry point, as the worker calls it; the host shutting down cancels IActivityEnvironment.Stopping.
        Exception stopped = await InterruptMidFileAsync(sim, cut, () => sut.RunAsync(Mock.Of<TaskActivityContext>(), request), stopping.Cancel);

        Assert.IsAssignableFrom<OperationCanceledException>(stopped);
        long kept = await landing.PartialBytesAsync(sim, Name(), Key(job));
        Assert.Equal(landing.Survives(cut), kept);
        Assert.True(kept > 0, "nothing survived to resume from");
        Assert.Empty(await sim.Sink.ReadManifestAsync(default));

        await AssertNextExecutionTransfersOnlyTheRestAsync(sim, landing, request, kept);
    }

    [Theory]
    [InlineData(LandingKind.Folder)]
    [InlineData(LandingKind.Blob)]
    public async Task RunAsync_ExecutionBudgetReachedMidFile_StopsWithATransientFailureAndNextExecutionResumes(LandingKind kind)
    {
        var landing = new LandingUnderTest(kind, azurite);
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync(SimulatedActivities, landing.Register);
        ExportJobState job = await sim.CompletedJobAsync(ActivitiesObject, January);
        var request = new DownloadExportFileRequest(ActivitiesObject, January, job);
        long cut = (job.FileSize!.Value / 3) + 100;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        DownloadExportFileActivity sut = sim.Activity<DownloadExportFileActivity>(clock);
        Task<LandedFile>? run = null;

        Exception ex = await InterruptMidFileAsync(sim, cut, () => run = sut.RunAsync(request, default), () =>
        {
            clock.Advance(TimeSpan.FromMinutes(50) - TimeSpan.FromSeconds(1));
            Assert.False(run!.IsCompleted, "stopped before the 50-minute budget");
            clock.Advance(TimeSpan.FromSeconds(1));
        });

        DownloadBudgetExceededException budget = Assert.IsType<DownloadBudgetExceededException>(ex);
        Assert.Contains("MaxDownloadExecutionTime", budget.Message, StringComparison.Ordinal);
        Assert.True(MarketoFailures.IsTransient(TaskFailureDetails.FromException(budget)), "the orchestrator would not retry it");
        long kept = await landing.PartialBytesAsync(sim, Name(), Key(job));
        Assert.Equal(landing.Survives(cut), kept);

        await AssertNextExecutionTransfersOnlyTheRestAsync(sim, landing, request, kept);
    }

    [Theory]
    [InlineData(LandingKind.Folder)]
    [InlineData(LandingKind.Blob)]
    public async Task RunAsync_PartialOfAnotherExportOfTheWindow_IsDiscardedAndTheFileDownloadedWhole(LandingKind kind)
    {
        var landing = new LandingUnderTest(kind, azurite);
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync(SimulatedActivities, landing.Register);
        ExportJobState job = await sim.CompletedJobAsync(ActivitiesObject, January);
        LandingResumeKey other = Key(job) with { ExportId = "an-earlier-export-of-january" };
        await using (ILandingUpload killed = await sim.Sink.BeginAsync(Name(), other, default))
        {
            // Plausible bytes (the same file's start), so only the key tells them apart.
            byte[] start = (await FileBytesAsync(sim, job))[..(3 * LandingUnderTest.BlockSize)];
            await killed.WriteAsync(start, default);
        }

        Assert.Equal(3 * LandingUnderTest.BlockSize, await landing.PartialBytesAsync(sim, Name(), other));
        sim.Files.Clear();

        LandedFile landed = await sim.Activity<DownloadExportFileActivity>().RunAsync(new DownloadExportFileRequest(ActivitiesObject, January, job), default);

        FileRequestRecorder.FileRequest request = Assert.Single(sim.Files.Requests);
        Assert.Null(request.RangeFrom);
        Assert.Equal(job.FileSize, request.BytesServed);
        Assert.Equal(job.FileChecksum, "sha256:" + landed.Sha256);
        Assert.Equal(0, await landing.PartialBytesAsync(sim, Name(), other));
        Assert.Equal(0, await landing.LeftoversAsync(sim, Name()));
    }

    [Theory]
    [InlineData(LandingKind.Folder)]
    [InlineData(LandingKind.Blob)]
    public async Task RunAsync_RangeAnsweredWithTheWholeFile_DiscardsTheLandedBytesAndStartsOver(LandingKind kind)
    {
        var landing = new LandingUnderTest(kind, azurite);
        await using SimulatorFixture sim = await SimulatorFixture.StartAsync(SimulatedActivities, landing.Register);
        ExportJobState job = await sim.CompletedJobAsync(ActivitiesObject, January);
        var request = new DownloadExportFileRequest(ActivitiesObject, January, job);
        long cut = job.FileSize!.Value / 2;
        using var stopping = new CancellationTokenSource();
        await InterruptMidFileAsync(sim, cut, () => sim.Activity<DownloadExportFileActivity>().RunAsync(request, stopping.Token), stopping.Cancel);
        long kept = await landing.PartialBytesAsync(sim, Name(), Key(job));
        sim.Files.Clear();
        sim.Files.IgnoreRangeOnce(); // a server (or proxy) that ignores Range answers 200 with the whole file

        LandedFile landed = await sim.Activity<DownloadExportFileActivity>().RunAsync(request, default);

        Assert.Collection(
            sim.Files.Requests,
            refused => Assert.Equal((kept, 200), (refused.RangeFrom, refused.Status)),
            whole => Assert.Equal((null, 200, job.FileSize), (whole.RangeFrom, whole.Status, (long?)whole.BytesServed)));
        Assert.Equal(job.FileChecksum, "sha256:" + landed.Sha256);
        Assert.Equal(job.NumberOfRecords, landed.Records);
        Assert.Equal(job.FileChecksum, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(await landing.LandedAsync(sim, Name()))));
    }

    /// <summary>
    /// The second execution, in this process: it asks for the bytes from <paramref name="kept"/> on, the simulator
    /// serves exactly the rest (206), and the landed file is the job's file, byte for byte, with one manifest line.
    /// </summary>
    internal static async Task AssertNextExecutionTransfersOnlyTheRestAsync(SimulatorFixture sim, LandingUnderTest landing, DownloadExportFileRequest request, long kept)
    {
        ExportJobState job = request.Job;
        sim.Files.Clear();
        sim.Control.ResetCounters();

        LandedFile landed = await sim.Activity<DownloadExportFileActivity>().RunAsync(request, default);

        FileRequestRecorder.FileRequest rest = Assert.Single(sim.Files.Requests);
        Assert.Equal((kept, 206, kept), (rest.RangeFrom, rest.Status, rest.ContentRangeFrom));
        Assert.Equal(job.FileSize - kept, rest.BytesServed);
        Assert.Equal(1, sim.Control.GetCalls().PerEndpoint.Where(e => e.Key.Contains("/file.json", StringComparison.Ordinal)).Sum(e => e.Value));
        Assert.False(landed.AlreadyLanded);
        Assert.Equal((job.FileSize, job.NumberOfRecords), ((long?)landed.Bytes, (long?)landed.Records));
        byte[] bytes = await landing.LandedAsync(sim, landed.Name);
        Assert.Equal(await FileBytesAsync(sim, job), bytes);
        Assert.Equal(job.FileChecksum, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)));
        ManifestEntry entry = Assert.Single(await sim.Sink.ReadManifestAsync(default));
        Assert.Equal((job.ExportId, landed.Sha256, landed.Records, landed.Bytes), (entry.ExportId, entry.Sha256, entry.Records, entry.Bytes));
        Assert.Equal(0, await landing.LeftoversAsync(sim, landed.Name));
    }

    /// <summary>
    /// Starts a download, cuts the first file response after <paramref name="cut"/> bytes, holds the Range request the
    /// activity sends to resume, and then calls <paramref name="interrupt"/> while it waits; returns what the run threw.
    /// </summary>
    internal static async Task<Exception> InterruptMidFileAsync(SimulatorFixture sim, long cut, Func<Task<LandedFile>> start, Action interrupt)
    {
        using SimulatorGate first = sim.Control.Hold("/file.json");
        Task<LandedFile> run = start();
        await UntilAsync(first.WaitForHeldAsync(1), run, "the first file request");
        sim.Control.AddFault(SimulatorFault.CutDownload(afterBytes: cut));
        using SimulatorGate resume = sim.Control.Hold("/file.json");
        first.Release();
        await UntilAsync(resume.WaitForHeldAsync(1), run, "the Range request after the cut");

        interrupt();

        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => run.WaitAsync(Generous));
        Assert.IsNotType<TimeoutException>(ex);
        return ex;
    }

    internal static string Name() => LandingNames.For(ActivitiesObject, January);

    internal static LandingResumeKey Key(ExportJobState job) => new(job.ExportId, job.FileSize, job.FileChecksum);

    /// <summary>The job's file as the simulator serves it (straight over HTTP, not through the activity).</summary>
    internal static async Task<byte[]> FileBytesAsync(SimulatorFixture sim, ExportJobState job)
    {
        ExportFileStream file = await sim.Marketo.OpenExportFileAsync(ExportEntity.Activities, job.ExportId);
        await using (file)
        {
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    private static async Task UntilAsync(Task signal, Task run, string what)
    {
        Task first = await Task.WhenAny(signal, run).WaitAsync(Generous);
        if (first == run)
        {
            await run;
            Assert.Fail($"The download ended before {what}.");
        }
    }
}
