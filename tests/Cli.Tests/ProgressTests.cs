using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DurableTask.Core;
using DurableTask.Core.History;
using MarketoExport.Activities;
using MarketoExport.Activities.Landing;
using MarketoExport.Cli.Progress;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Orchestrations.Export;
using MarketoExport.TestHelpers;
using Spectre.Console;

namespace MarketoExport.Cli.Tests;

/// <summary>What `run` prints while it runs: current steps, each window's own figures, retries with their cause, long downloads, how each object ended.</summary>
public sealed partial class ProgressTests
{
    [Fact]
    public async Task Run_PlainLines_EachLandedWindowShowsItsOwnFiguresAndDoneShowsTheSummarys()
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, null, "run", "--objects", "leads", "--since", "2026-04-01T00:00:00Z", "--until", "2026-06-30T23:59:59Z");

        Assert.True(exit == ExitCodes.Success, output);
        List<ManifestEntry> manifest = host.Landed.Manifest().OrderBy(m => m.WindowStart).ToList();
        Assert.Equal(3, manifest.Count);
        var landed = Landed().Matches(output).Select(m => (Window: int.Parse(m.Groups["w"].Value, CultureInfo.InvariantCulture), Records: long.Parse(m.Groups["r"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), Bytes: long.Parse(m.Groups["b"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))).ToList();
        Assert.All(landed, l => Assert.Equal((manifest[l.Window - 1].Records, manifest[l.Window - 1].Bytes), (l.Records, l.Bytes)));

        // Windows landed between two reads of the run are reported together; all of them add up to what landed.
        long reported = AnyLanded().Matches(output).Sum(m => long.Parse(m.Groups["r"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        Assert.Equal(manifest.Sum(m => m.Records), reported);
        string done = $"leads: done: 3 window(s), {manifest.Sum(m => m.Records):N0} records, {manifest.Sum(m => m.Bytes):N0} bytes";
        Assert.Contains(done, output, StringComparison.Ordinal);
        Assert.Contains($"│ leads  │ Completed │ 3       │ {manifest.Sum(m => m.Records):N0}", output, StringComparison.Ordinal); // the summary says the same
        Assert.DoesNotMatch(@"leads: .* records \d", output); // no running totals in the step lines
        Assert.True(output.IndexOf(done, StringComparison.Ordinal) < output.IndexOf("Export summary", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_Again_PrintsNothingOfThePreviousRunAndSaysUpToDate()
    {
        using var host = new CliHarness();
        (int first, string output1) = await host.RunAsync(null, null, "run", "--objects", "leads", "--since", "2026-06-01T00:00:00Z", "--until", "2026-06-30T23:59:59Z");
        Assert.True(first == ExitCodes.Success, output1);

        (int exit, string output) = await host.RunAsync(null, null, "run", "--objects", "leads", "--since", "2026-06-01T00:00:00Z", "--until", "2026-06-30T23:59:59Z");

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Contains("leads: done: up to date, nothing to export", output, StringComparison.Ordinal);
        Assert.DoesNotContain("landed:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("window 1/1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CheckpointReadFailsForAWhile_SaysItIsRetryingWhichStepAndWhy()
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null,
            c => c.AddFault(SimulatorFault.Http(502, count: 15, pathContains: "/customobjects/marketoExportCheckpoint.json")),
            "run", "--objects", "leads", "--since", "2026-06-01T00:00:00Z", "--until", "2026-06-30T23:59:59Z");

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Matches(@"leads: retrying ReadCheckpoint \(attempt [2-5]\): .*502.*; next attempt at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", output);
    }

    [Fact]
    public async Task Run_InteractiveLiveTable_LastFrameEqualsTheSummary()
    {
        using var host = new CliHarness();
        var writer = new StringWriter(new StringBuilder());
        IAnsiConsole console = PlainConsole.Create(writer, interactive: true);

        int exit = await ExportCli.RunAsync(
            ["run", "--objects", "leads,activities", "--since", "2026-05-01T00:00:00Z", "--until", "2026-06-30T23:59:59Z", "--out", host.Landing, "--state", host.State, "--poll-seconds", "0.05"],
            console, SimulatorPresets.Fast());

        string output = writer.ToString();
        Assert.True(exit == ExitCodes.Success, output);
        string lastFrame = output[output.LastIndexOf("Exporting", StringComparison.Ordinal)..output.IndexOf("Export summary", StringComparison.Ordinal)];
        foreach (IGrouping<string, ManifestEntry> o in host.Landed.Manifest().GroupBy(m => m.Object))
        {
            string figures = $"{o.Sum(m => m.Records):N0}";
            string bytes = $"{o.Sum(m => m.Bytes):N0}";
            Assert.Matches($@"│ {o.Key}\s*│ Completed\s*│.*│ {Regex.Escape(figures)}\s*│ {Regex.Escape(bytes)}\s*│", lastFrame);
        }
    }

    [Fact]
    public void Lines_StepChanges_ShowTheCurrentStepOncePerChangeWithTheJobOnlyWhileItRuns()
    {
        var sut = new ObjectProgressLines("leads");
        var window = new ExportWindow(new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 5, 1, 23, 59, 59, DateTimeKind.Utc));
        var creating = new ObjectExportStatus("leads", ObjectExportPhase.Creating, 1, 3, window, null, 0, 0, null);
        ObjectExportStatus queued = creating with { Phase = ObjectExportPhase.Queued, ExportId = "job-1" };
        ObjectExportStatus processing = queued with { Phase = ObjectExportPhase.Processing };

        string[] lines = [.. sut.Update(creating, null, null, DateTimeOffset.UtcNow), .. sut.Update(queued, null, null, DateTimeOffset.UtcNow),
            .. sut.Update(queued, null, null, DateTimeOffset.UtcNow), .. sut.Update(processing, null, null, DateTimeOffset.UtcNow)];

        Assert.Equal(
        [
            "leads: window 1/3 2026-04-01T00:00:00Z..2026-05-01T23:59:59Z: creating the export job",
            "leads: window 1/3 2026-04-01T00:00:00Z..2026-05-01T23:59:59Z: queued at Marketo (export job-1)",
            "leads: window 1/3 2026-04-01T00:00:00Z..2026-05-01T23:59:59Z: processing at Marketo (export job-1)",
        ], lines);
    }

    [Fact]
    public void Lines_LongDownload_ShowsBytesTotalRateAndEtaOnlyOnceItIsLong()
    {
        var sut = new ObjectProgressLines("leads");
        DateTimeOffset start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var status = new ObjectExportStatus("leads", ObjectExportPhase.Downloading, 1, 2, null, "job-1", 0, 0, null);
        DownloadProgress early = new("leads", "job-1", 10L << 20, 100L << 20, 0, start, start.AddSeconds(2), Finished: false);
        DownloadProgress later = early with { Bytes = 40L << 20, At = start.AddSeconds(8) };

        IReadOnlyList<string> first = sut.Update(status, null, early, start.AddSeconds(2));
        IReadOnlyList<string> second = sut.Update(status, null, later, start.AddSeconds(8));

        Assert.DoesNotContain(first, l => l.Contains("downloading export", StringComparison.Ordinal));
        Assert.Equal("leads: downloading export job-1: 40 MiB of 100 MiB (40 %), 5 MiB/s, about 12 s left", Assert.Single(second));
    }

    [Fact]
    public void RetryNote_FromHistory_NamesTheStepTheAttemptTheCauseAndTheNextAttempt_ClearedBySuccess()
    {
        DateTime failedAt = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);
        var history = new List<HistoryEvent>
        {
            new ExecutionStartedEvent(-1, "{}"),
            new TaskScheduledEvent(0) { Name = "ReadCheckpointActivity" },
            new TaskFailedEvent(-1, 0, "failed", null, new FailureDetails("MarketoUnreachableException", "Marketo could not be reached: connection refused", null, null, false)) { Timestamp = failedAt },
            new TimerCreatedEvent(1) { FireAt = failedAt.AddSeconds(20) },
            new TimerFiredEvent(-1) { TimerId = 1, FireAt = failedAt.AddSeconds(20) },
            new TaskScheduledEvent(2) { Name = "ReadCheckpointActivity" },
            new TaskFailedEvent(-1, 2, "failed", null, new FailureDetails("MarketoUnreachableException", "Marketo could not be reached: connection refused", null, null, false)) { Timestamp = failedAt.AddSeconds(21) },
            new TimerCreatedEvent(3) { FireAt = failedAt.AddSeconds(61) },
        };

        RetryNote note = RetryNote.From(history)!;
        history.Add(new TimerFiredEvent(-1) { TimerId = 3 });
        history.Add(new TaskScheduledEvent(4) { Name = "ReadCheckpointActivity" });
        history.Add(new TaskCompletedEvent(-1, 4, "{}"));

        Assert.Equal("ReadCheckpoint", note.Step);
        Assert.Equal(3, note.Attempt);
        Assert.Equal(failedAt.AddSeconds(61), note.NextAttemptAt);
        Assert.Equal("leads: retrying ReadCheckpoint (attempt 3): Marketo could not be reached: connection refused; next attempt at 2026-12-01T10:01:01Z",
            new ObjectProgressLines("leads").Update(new ObjectExportStatus("leads", ObjectExportPhase.ReadingCheckpoint, 0, 0, null, null, 0, 0, null), note, null, DateTimeOffset.UtcNow)[^1]);
        Assert.Null(RetryNote.From(history));
    }

    [Fact]
    public async Task Run_LogFile_DatesInMessagesAreIso8601()
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, null, "run", "--objects", "leads", "--since", "2026-06-01T00:00:00Z", "--until", "2026-06-30T23:59:59Z");

        Assert.True(exit == ExitCodes.Success, output);
        string log = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(host.State)!, "export.log"));
        Assert.Contains("2026-06-01T00:00:00Z", log, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\b\d\d/\d\d/\d{4}\b", log);
    }

    [GeneratedRegex(@"leads: window (?<w>\d+)/3 landed: (?<r>[\d,]+) records, (?<b>[\d,]+) bytes")]
    private static partial Regex Landed();

    [GeneratedRegex(@"leads: windows? [\d-]+/3 landed: (?<r>[\d,]+) records")]
    private static partial Regex AnyLanded();
}
