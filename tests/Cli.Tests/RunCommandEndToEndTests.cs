using System.Text.Json;
using MarketoExport.Activities.Landing;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Cli.Tests;

/// <summary>
/// The whole pipeline: command line → embedded engine → orchestrators → activities → Marketo client → simulator on
/// loopback, with a 20 ms job tick and 50 ms first poll.
/// </summary>
public sealed class RunCommandEndToEndTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly DateTime DataStart = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Run_LeadsAndActivities_EveryRecordLandsExactlyOnceAndASecondRunLandsNothing()
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, null, "run", "--objects", "leads,activities");

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Contains("No Marketo configured", output, StringComparison.Ordinal);
        IReadOnlyList<ManifestEntry> manifest = host.Landed.Manifest();
        AssertWindowsTile(manifest.Where(m => m.Object == "leads").ToList());
        AssertWindowsTile(manifest.Where(m => m.Object == "activities").ToList());
        List<string> leadIds = manifest.Where(m => m.Object == "leads").SelectMany(m => host.Landed.FirstColumn(m.File)).ToList();
        List<string> activityIds = manifest.Where(m => m.Object == "activities").SelectMany(m => host.Landed.FirstColumn(m.File)).ToList();
        Assert.Equal(300, leadIds.Count);
        Assert.Equal(300, leadIds.Distinct().Count());
        Assert.Equal(1500, activityIds.Count);
        Assert.Equal(1500, activityIds.Distinct().Count());
        Assert.All(manifest, m => Assert.Equal(m.Records, host.Landed.FirstColumn(m.File).Count));
        Assert.DoesNotContain(host.Landed.Files(), f => f.EndsWith(".partial", StringComparison.Ordinal));
        List<ExportCheckpoint> checkpoints = Mirror(host);
        Assert.All(checkpoints, c => Assert.Equal(manifest.Where(m => m.Object == c.ObjectName).Max(m => m.WindowEnd), c.HighWaterMark));
        Assert.All(checkpoints, c => Assert.Null(c.InFlightExportId));
        IReadOnlyList<string> filesBefore = host.Landed.Files();
        string mirrorBefore = await File.ReadAllTextAsync(host.MirrorFile);

        (int exit2, string output2) = await host.RunAsync(null, null, "run", "--objects", "leads,activities");

        Assert.True(exit2 == ExitCodes.Success, output2);
        Assert.Contains("Nothing new to export", output2, StringComparison.Ordinal);
        Assert.Equal(filesBefore, host.Landed.Files());
        Assert.Equal(manifest.Count, host.Landed.Manifest().Count);
        Assert.Equal(mirrorBefore, await File.ReadAllTextAsync(host.MirrorFile));
        Assert.Empty(host.Control!.GetJobs());
    }

    [Fact]
    public async Task Run_ExportLog_KeepsTheExportsLinesNotTheEnginesInformationChatter()
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, null, "run", "--objects", "leads", "--since", "2026-11-01T00:00:00Z");

        Assert.True(exit == ExitCodes.Success, output);
        string[] log = await File.ReadAllLinesAsync(Path.Combine(Path.GetDirectoryName(host.State)!, "export.log"));
        Assert.Contains(log, l => l.Contains("Running activity", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains(" Information MarketoExport.", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains(" Information DurableTask.", StringComparison.Ordinal) || l.Contains(" Information Microsoft.DurableTask.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_FiveObjects_NeverMoreThanTwoJobsQueuedOrProcessing()
    {
        using var host = new CliHarness();
        string config = Path.Combine(host.Root, "export.json");
        await File.WriteAllTextAsync(config, """{ "Export": { "ProgramIds": "1001,1002" } }""");

        (int exit, string output) = await host.RunAsync(null, null,
            "run", "--config", config, "--objects", "leads,activities,programMembers,customObject:car_c,customObject:marketoExportCheckpoint", "--since", "2026-05-01T00:00:00Z");

        Assert.True(exit == ExitCodes.Success, output);
        ExportQueueRecord queue = host.Control!.GetQueue();
        Assert.True(queue.MaxQueuedOrProcessing <= 2, $"max queued+processing {queue.MaxQueuedOrProcessing}");
        Assert.Equal(2, queue.MaxQueuedOrProcessing);
        Assert.Equal(5, host.Landed.Manifest().Select(m => m.Object).Distinct().Count());
    }

    [Fact]
    public async Task Run_WrongChecksumEveryTime_FailsCheckpointUntouchedNothingLanded()
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null,
            c => c.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.WrongChecksum, Count = null }),
            "run", "--objects", "leads");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("failed verification", output, StringComparison.Ordinal);
        Assert.DoesNotContain("leads: leads:", output, StringComparison.Ordinal); // the object is named once per message
        Assert.Empty(host.Landed.Manifest());
        Assert.DoesNotContain(host.Landed.Files(), f => f.EndsWith(".csv", StringComparison.Ordinal) || f.EndsWith(".partial", StringComparison.Ordinal));
        Assert.All(Mirror(host), c => Assert.Null(c.HighWaterMark));
        Assert.Equal(3, host.Control!.GetJobs().Count); // the window was retried with new jobs, then given up

        (int exit2, string output2) = await host.RunAsync(null, null, "run", "--objects", "leads");

        Assert.True(exit2 == ExitCodes.Success, output2);
        Assert.Equal(300, host.Landed.Manifest().SelectMany(m => host.Landed.FirstColumn(m.File)).Distinct().Count());
    }

    [Fact]
    public async Task Run_CutDownloadsThrottlingQueueFullTokenExpiry_SurvivesWithTheSameData()
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, c =>
        {
            c.AddFault(SimulatorFault.CutDownload(afterBytes: 2000, count: 3));
            c.AddFault(SimulatorFault.QueueFull(count: 3));
            c.AddFault(SimulatorFault.Error("606", count: 4, pathContains: "/bulk/v1"));
            c.AddFault(SimulatorFault.Error("615", count: 3, pathContains: "/bulk/v1"));
            c.AddFault(SimulatorFault.Error("602", count: 2, pathContains: "/bulk/"));
            c.AddFault(SimulatorFault.Http(502, count: 2, pathContains: "/status.json"));
        }, "run", "--objects", "leads,activities");

        Assert.True(exit == ExitCodes.Success, output);
        IReadOnlyList<ManifestEntry> manifest = host.Landed.Manifest();
        Assert.Equal(300, manifest.Where(m => m.Object == "leads").SelectMany(m => host.Landed.FirstColumn(m.File)).Distinct().Count());
        Assert.Equal(1500, manifest.Where(m => m.Object == "activities").SelectMany(m => host.Landed.FirstColumn(m.File)).Distinct().Count());
        Assert.Equal(manifest.Count, host.Control!.GetJobs().Count); // no job was created twice
    }

    [Fact]
    public async Task Run_ExportQuotaExhausted_StopsWithResumeTimeExit3()
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, c => c.ExhaustExportQuota(), "run", "--objects", "leads");

        Assert.Equal(ExitCodes.QuotaExhausted, exit);
        Assert.Contains("quota exhausted", output, StringComparison.Ordinal);
        Assert.Contains("resumes at", output, StringComparison.Ordinal);
        Assert.Empty(host.Landed.Manifest());
    }

    [Fact]
    public async Task Run_ExplicitRange_ExportsExactlyThatRange()
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, null, "run", "--objects", "leads", "--since", "2026-02-01T00:00:00Z", "--until", "2026-02-28T23:59:59Z");

        Assert.True(exit == ExitCodes.Success, output);
        ManifestEntry only = Assert.Single(host.Landed.Manifest());
        Assert.Equal(new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc), only.WindowStart);
        Assert.Equal(new DateTime(2026, 2, 28, 23, 59, 59, DateTimeKind.Utc), only.WindowEnd);
        Assert.Equal(only.WindowEnd, Mirror(host).Single().HighWaterMark);
    }

    [Fact]
    public async Task Run_DailyCallQuotaUsedUp_StopsWithResumeTimeExit3()
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, c => c.ExhaustDailyCallQuota(), "run", "--objects", "leads");

        Assert.Equal(ExitCodes.QuotaExhausted, exit);
        Assert.Contains("resumes at", output, StringComparison.Ordinal);
        Assert.Empty(host.Landed.Manifest());
    }

    [Fact]
    public async Task Run_DailyCallQuotaMidRun_StopsKeepingLandedWindowsAndResumesFromThem()
    {
        using var host = new CliHarness();
        (int exit, string output) = await host.RunAsync(null,
            c => c.AddFault(SimulatorFault.Error("607", count: 1, pathContains: "/file.json")), "run", "--objects", "leads");
        Assert.Equal(ExitCodes.QuotaExhausted, exit);
        Assert.Contains("resumes at", output, StringComparison.Ordinal);
        Assert.Empty(host.Landed.Manifest());

        (int exit2, string output2) = await host.RunAsync(null, null, "run", "--objects", "leads");

        Assert.True(exit2 == ExitCodes.Success, output2);
        Assert.Equal(300, host.Landed.Manifest().SelectMany(m => host.Landed.FirstColumn(m.File)).Distinct().Count());
    }

    [Fact]
    public async Task Run_DryRun_PrintsWindowsAndChangesNothing()
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, null, "run", "--objects", "leads", "--dry-run");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("2026-01-01T00:00:00Z..2026-01-31T23:59:59Z", output, StringComparison.Ordinal);
        Assert.Contains("export job(s)", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(host.Landing));
        Assert.False(File.Exists(host.State));
        Assert.Empty(host.Control!.GetJobs());
    }

    [Fact]
    public async Task Checkpoints_AfterARun_ShowsTheHighWaterMark()
    {
        using var host = new CliHarness();
        (int exit, _) = await host.RunAsync(null, null, "run", "--objects", "leads", "--since", "2026-06-01T00:00:00Z");
        Assert.Equal(ExitCodes.Success, exit);
        string mark = ExportWindow.Iso(Mirror(host).Single().HighWaterMark!.Value);

        (int exit2, string output) = await host.RunAsync(null, null, "checkpoints", "--objects", "leads");

        Assert.Equal(ExitCodes.Success, exit2);
        Assert.Contains(mark, output, StringComparison.Ordinal);
        Assert.Contains("2026-06-01T00:00:00Z", output, StringComparison.Ordinal);
    }

    private static void AssertWindowsTile(List<ManifestEntry> entries)
    {
        entries.Sort((a, b) => a.WindowStart.CompareTo(b.WindowStart));
        Assert.Equal(DataStart, entries[0].WindowStart);
        for (int i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].WindowEnd.AddSeconds(1), entries[i].WindowStart);
        }
    }

    private static List<ExportCheckpoint> Mirror(CliHarness host)
        => File.Exists(host.MirrorFile)
            ? JsonSerializer.Deserialize<List<ExportCheckpoint>>(File.ReadAllText(host.MirrorFile), Json) ?? []
            : [];
}
