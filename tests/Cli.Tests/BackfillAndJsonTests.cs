using System.Text;
using System.Text.Json;
using MarketoExport.Activities.Landing;
using MarketoExport.Orchestrations.Export;
using MarketoExport.TestHelpers;
using Spectre.Console;

namespace MarketoExport.Cli.Tests;

/// <summary>`backfill` (its own checkpoint record and folder, the object's mark untouched) and the --json documents of run and dry run.</summary>
public sealed class BackfillAndJsonTests
{
    private const string Label = "backfill-20260101T000000Z-20260228T235959Z";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly DateTime Mark = new(2026, 6, 30, 23, 59, 59, DateTimeKind.Utc);

    [Fact]
    public async Task Backfill_PastRange_LandsInItsOwnFolderWithItsOwnCheckpointAndNeverMovesTheMarkBack()
    {
        using var host = new CliHarness();
        await RunLeadsAsync(host);
        List<string> normalFiles = host.Landed.Manifest().Select(m => m.File).ToList();

        (int exit, string output) = await host.RunAsync(null, null, "backfill", "leads", "--since", "2026-01-01", "--until", "2026-02-28T23:59:59Z");

        Assert.True(exit == ExitCodes.Success, output);
        List<ManifestEntry> backfilled = host.Landed.Manifest().Where(m => !normalFiles.Contains(m.File)).ToList();
        Assert.Equal(2, backfilled.Count);
        Assert.All(backfilled, m => Assert.StartsWith($"leads/{Label}/leads_", m.File, StringComparison.Ordinal));
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), backfilled.Min(m => m.WindowStart));
        Assert.Equal(new DateTime(2026, 2, 28, 23, 59, 59, DateTimeKind.Utc), backfilled.Max(m => m.WindowEnd));
        Assert.True(backfilled.Sum(m => m.Records) > 0);
        Assert.All(normalFiles, f => Assert.True(File.Exists(Path.Combine(host.Landing, f))));
        Dictionary<string, ExportCheckpoint> checkpoints = Mirror(host);
        Assert.Equal(Mark, checkpoints["leads"].HighWaterMark);
        Assert.Equal(new DateTime(2026, 2, 28, 23, 59, 59, DateTimeKind.Utc), checkpoints[$"leads@{Label}"].HighWaterMark);
        Assert.Contains("Backfill summary", output, StringComparison.Ordinal);

        (int again, string againOutput) = await host.RunAsync(null, null, "backfill", "leads", "--since", "2026-01-01", "--until", "2026-02-28T23:59:59Z");
        (int run, string runOutput) = await host.RunAsync(null, null, "run", "--objects", "leads", "--until", "2026-06-30T23:59:59Z");

        Assert.True(again == ExitCodes.Success, againOutput);
        Assert.Contains("Nothing new to export", againOutput, StringComparison.Ordinal);
        Assert.True(run == ExitCodes.Success, runOutput);
        Assert.Contains("Nothing new to export", runOutput, StringComparison.Ordinal);
        Assert.Equal(normalFiles.Count + 2, host.Landed.Manifest().Count);
        Assert.Equal(Mark, Mirror(host)["leads"].HighWaterMark);
    }

    [Fact]
    public async Task Backfill_UntilAfterTheObjectsMark_Exit2SayingRunExportsThat()
    {
        using var host = new CliHarness();
        await RunLeadsAsync(host);

        (int exit, string output) = await host.RunAsync(null, null, "backfill", "leads", "--since", "2026-06-01", "--until", "2026-07-15T00:00:00Z");

        Assert.Equal(ExitCodes.BadOptions, exit);
        Assert.Contains("--until: 2026-07-15T00:00:00Z is after leads's high-water mark 2026-06-30T23:59:59Z", output, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Landed.Manifest(), m => m.File.Contains("backfill", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Backfill_WithoutItsRange_Exit2NamingTheMissingOption()
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, null, "backfill", "leads", "--since", "2026-01-01");

        Assert.Equal(ExitCodes.BadOptions, exit);
        Assert.Contains("--until", output, StringComparison.Ordinal);
        Assert.Null(host.Control);
    }

    [Fact]
    public async Task Backfill_WhileAnInterruptedRunIsInFlight_RefusedUntilRunFinishesIt()
    {
        using var host = new CliHarness();
        using var cancel = new CancellationTokenSource();
        int interrupted = await ExportCli.RunAsync(
            ["run", "--objects", "leads", "--since", "2026-06-01", "--until", "2026-06-30T23:59:59Z", "--out", host.Landing, "--state", host.State],
            PlainConsole.Create(new StringWriter(new StringBuilder())), SimulatorPresets.Fast(),
            sim => _ = sim.Control.Hold("/file.json").WaitForHeldAsync(1, Bound()).ContinueWith(_ => cancel.Cancel(), TaskScheduler.Default),
            cancel.Token);
        Assert.Equal(ExitCodes.Interrupted, interrupted);

        (int exit, string output) = await host.RunAsync(null, null, "backfill", "leads", "--since", "2026-01-01", "--until", "2026-02-28T23:59:59Z");
        (int resumed, string resumedOutput) = await host.RunAsync(null, null, "run", "--objects", "leads");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("a run is in flight on this state file", output, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Landed.Manifest(), m => m.File.Contains("backfill", StringComparison.Ordinal));
        Assert.True(resumed == ExitCodes.Success, resumedOutput);
        Assert.Contains("Resuming the interrupted run", resumedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Json_IsOneDocumentOnStandardOutputWithEveryObjectsFigures()
    {
        using var host = new CliHarness();

        (int exit, string stdout, string stderr) = await RunSplitAsync(host,
            "run", "--objects", "leads,activities", "--since", "2026-06-01", "--until", "2026-06-30T23:59:59Z", "--json");

        Assert.True(exit == ExitCodes.Success, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout); // nothing else on standard output
        JsonElement root = doc.RootElement;
        Assert.Equal("run", root.GetProperty("command").GetString());
        Assert.Equal("Completed", root.GetProperty("status").GetString());
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
        Assert.False(root.GetProperty("dryRun").GetBoolean());
        Assert.Equal(host.Landing, root.GetProperty("landing").GetString());
        foreach (JsonElement o in root.GetProperty("objects").EnumerateArray())
        {
            List<ManifestEntry> files = host.Landed.Manifest().Where(m => m.Object == o.GetProperty("object").GetString()).ToList();
            Assert.Equal("Completed", o.GetProperty("outcome").GetString());
            Assert.Equal(files.Sum(m => m.Records), o.GetProperty("records").GetInt64());
            Assert.Equal(files.Sum(m => m.Bytes), o.GetProperty("bytes").GetInt64());
            Assert.Equal(files.Select(f => f.File).Order(), o.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).Order());
            Assert.Equal(Mark, o.GetProperty("highWaterMark").GetDateTime());
        }

        Assert.Contains("No Marketo configured", stderr, StringComparison.Ordinal); // the notes went to standard error
    }

    [Fact]
    public async Task DryRun_Json_ListsThePlannedWindowsAndTheCallEstimateAndChangesNothing()
    {
        using var host = new CliHarness();

        (int exit, string stdout, _) = await RunSplitAsync(host, "run", "--objects", "leads", "--since", "2026-01-01", "--until", "2026-03-31T23:59:59Z", "--dry-run", "--json");

        Assert.Equal(ExitCodes.Success, exit);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;
        Assert.True(root.GetProperty("dryRun").GetBoolean());
        Assert.Equal("Planned", root.GetProperty("status").GetString());
        JsonElement leads = Assert.Single(root.GetProperty("plan").EnumerateArray());
        Assert.Equal("updatedAt", leads.GetProperty("filter").GetString());
        JsonElement[] windows = leads.GetProperty("windows").EnumerateArray().ToArray();
        Assert.Equal(3, windows.Length);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), windows[0].GetProperty("start").GetDateTime());
        Assert.Equal(new DateTime(2026, 3, 31, 23, 59, 59, DateTimeKind.Utc), windows[^1].GetProperty("end").GetDateTime());
        Assert.Equal(5 + (3 * 10), root.GetProperty("estimatedCalls").GetInt64());
        Assert.False(Directory.Exists(host.Landing));
        Assert.False(File.Exists(host.State));
    }

    [Theory]
    [InlineData("run", "--since", "01/02/2026")]
    [InlineData("run", "--objects", "leads,programMembers")]
    [InlineData("backfill", "leads", "--since", "2026-01-01")]
    [InlineData("checkpoints", "--no-such-option")]
    [InlineData("check", "--objects", "customObject:")]
    public async Task Json_RefusedBeforeAnythingStarts_StandardOutputIsOneErrorDocument(params string[] args)
    {
        using var host = new CliHarness();

        (int exit, string stdout, string stderr) = await RunSplitAsync(host, [.. args, "--json"]);

        Assert.Equal(ExitCodes.BadOptions, exit);
        using JsonDocument doc = JsonDocument.Parse(stdout); // one document, nothing else
        JsonElement root = doc.RootElement;
        Assert.Equal(args[0], root.GetProperty("command").GetString());
        Assert.Equal("Refused", root.GetProperty("status").GetString());
        Assert.Equal(ExitCodes.BadOptions, root.GetProperty("exitCode").GetInt32());
        string message = root.GetProperty("message").GetString()!;
        Assert.Contains(message, stderr, StringComparison.Ordinal); // the same line a person reads on standard error
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(host.State));
    }

    [Fact]
    public async Task Json_StateHeldByAnotherProcess_OneFailedDocumentNamingState()
    {
        using var host = new CliHarness();
        Directory.CreateDirectory(Path.GetDirectoryName(host.State)!);
        // What the engine of another run holds: the kernel lock on <state>.lock (FileShare.None is flock on Linux).
        using var other = new FileStream(host.State + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        (int exit, string stdout, string stderr) = await RunSplitAsync(host, "run", "--objects", "leads", "--json");

        Assert.Equal(ExitCodes.Failed, exit);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        Assert.Equal("Failed", doc.RootElement.GetProperty("status").GetString());
        Assert.Contains("--state (Export:State)", doc.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("error:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_RunFailsVerification_OnlyTheRunsOwnDocument()
    {
        using var host = new CliHarness();
        var stdout = new StringWriter(new StringBuilder());
        var stderr = new StringWriter(new StringBuilder());

        int exit = await ExportCli.RunAsync(
            CliArgs.With(new CliCommandLine().Root, ["run", "--objects", "leads", "--since", "2026-06-01", "--until", "2026-06-30T23:59:59Z", "--json"],
                ("--out", host.Landing), ("--state", host.State), ("--poll-seconds", "0.05")),
            new CliEnvironment(PlainConsole.Create(stdout))
            {
                Error = PlainConsole.Create(stderr),
                SimulatorOptions = SimulatorPresets.Fast(),
                OnSimulatorStarted = sim => sim.Control.AddFault(new Marketo.Simulator.SimulatorFault { Kind = Marketo.Simulator.SimulatorFaultKind.WrongChecksum, Count = null }),
            });

        Assert.Equal(ExitCodes.Failed, exit);
        using JsonDocument doc = JsonDocument.Parse(stdout.ToString()); // the run report alone, no error document after it
        Assert.Equal("Failed", doc.RootElement.GetProperty("status").GetString());
        Assert.True(doc.RootElement.TryGetProperty("objects", out _));
    }

    private static async Task RunLeadsAsync(CliHarness host)
    {
        (int exit, string output) = await host.RunAsync(null, null, "run", "--objects", "leads", "--since", "2026-05-01T00:00:00Z", "--until", "2026-06-30T23:59:59Z");
        Assert.True(exit == ExitCodes.Success, output);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunSplitAsync(CliHarness host, params string[] args)
    {
        var stdout = new StringWriter(new StringBuilder());
        var stderr = new StringWriter(new StringBuilder());
        int exit = await ExportCli.RunAsync(
            CliArgs.With(new CliCommandLine().Root, args, ("--out", host.Landing), ("--state", host.State), ("--poll-seconds", "0.05")),
            new CliEnvironment(PlainConsole.Create(stdout)) { Error = PlainConsole.Create(stderr), SimulatorOptions = SimulatorPresets.Fast() });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static Dictionary<string, ExportCheckpoint> Mirror(CliHarness host)
        => (JsonSerializer.Deserialize<List<ExportCheckpoint>>(File.ReadAllText(host.MirrorFile), Json) ?? []).ToDictionary(c => c.ObjectName);

    private static CancellationToken Bound() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}
