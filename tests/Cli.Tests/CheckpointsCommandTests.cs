using System.Text;
using System.Text.Json;
using MarketoExport.Orchestrations.Export;
using MarketoExport.TestHelpers;
using Spectre.Console;

namespace MarketoExport.Cli.Tests;

/// <summary>`checkpoints` (configured objects only, --json), `checkpoints set` and `checkpoints reset` (confirmed, refused while a run is in flight).</summary>
public sealed class CheckpointsCommandTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Checkpoints_ListsOnlyTheConfiguredObjects_AndAsJson()
    {
        using var host = new CliHarness();
        await RunLeadsAsync(host);
        DateTime mark = Mirror(host).Single().HighWaterMark!.Value;

        (int exit, string output) = await host.RunAsync(null, null, "checkpoints", "--objects", "leads");
        (int jsonExit, string json) = await RunJsonAsync(host, "checkpoints", "--objects", "leads,activities", "--json");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains(ExportWindow.Iso(mark), output, StringComparison.Ordinal);
        Assert.DoesNotContain("programMembers", output, StringComparison.Ordinal);
        Assert.DoesNotContain("activities", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Marketo-paced polling", output, StringComparison.Ordinal);
        Assert.DoesNotContain("fast polling", output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, jsonExit);
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement[] objects = doc.RootElement.GetProperty("objects").EnumerateArray().ToArray();
        Assert.Equal("marketoExportCheckpoint", doc.RootElement.GetProperty("checkpointObject").GetString());
        Assert.Equal(["leads", "activities"], objects.Select(o => o.GetProperty("object").GetString()));
        Assert.True(objects[0].GetProperty("stored").GetBoolean());
        Assert.Equal(mark, objects[0].GetProperty("highWaterMark").GetDateTime());
        Assert.Equal(mark.AddSeconds(1), objects[0].GetProperty("nextRunStartsAt").GetDateTime());
        Assert.False(objects[1].GetProperty("stored").GetBoolean());
    }

    [Fact]
    public async Task Set_WithoutConfirmationOnANonTerminal_Exit2AskingForYesAndNothingChanged()
    {
        using var host = new CliHarness();
        await RunLeadsAsync(host);
        string before = await File.ReadAllTextAsync(host.MirrorFile);

        (int exit, string output) = await host.RunAsync(null, null, "checkpoints", "set", "leads", "--high-water-mark", "2026-06-10T00:00:00Z");

        Assert.Equal(ExitCodes.BadOptions, exit);
        Assert.Contains("Confirm with --yes", output, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(host.MirrorFile));
    }

    [Fact]
    public async Task Set_Confirmed_MovesTheMarkAndTheNextRunStartsOneSecondLater()
    {
        using var host = new CliHarness();
        await RunLeadsAsync(host);

        (int exit, string output) = await host.RunAsync(null, null, "checkpoints", "set", "leads", "--high-water-mark", "2026-06-10T12:00:00Z", "--yes");
        (int dry, string plan) = await host.RunAsync(null, null, "run", "--objects", "leads", "--until", "2026-06-30T23:59:59Z", "--dry-run");

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Contains("leads: high-water mark 2026-06-10T12:00:00Z (was 2026-06-30T23:59:59Z); the next run starts at 2026-06-10T12:00:01Z.", output, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2026, 6, 10, 12, 0, 0, DateTimeKind.Utc), Mirror(host).Single().HighWaterMark);
        Assert.Equal(ExitCodes.Success, dry);
        Assert.Contains("2026-06-10T12:00:01Z..2026-06-30T23:59:59Z", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_ConfirmedAtThePrompt_ClearsIt_DeclinedChangesNothing()
    {
        using var host = new CliHarness();
        await RunLeadsAsync(host);
        var questions = new List<string>();

        (int declined, string no) = await RunWithConfirmAsync(host, q => { questions.Add(q); return false; }, "checkpoints", "reset", "leads");
        DateTime? after = Mirror(host).Single().HighWaterMark;
        (int confirmed, string yes) = await RunWithConfirmAsync(host, q => { questions.Add(q); return true; }, "checkpoints", "reset", "leads");

        Assert.Equal(ExitCodes.Failed, declined);
        Assert.Contains("Nothing was changed", no, StringComparison.Ordinal);
        Assert.NotNull(after);
        Assert.Equal(ExitCodes.Success, confirmed);
        Assert.Contains("leads: checkpoint cleared (was 2026-06-30T23:59:59Z)", yes, StringComparison.Ordinal);
        Assert.Null(Mirror(host).Single().HighWaterMark);
        Assert.All(questions, q => Assert.StartsWith("Clear the checkpoint of leads (high-water mark 2026-06-30T23:59:59Z)?", q, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2999-01-01T00:00:00Z", "is later than now minus the 15-minute safety lag")]
    [InlineData("31/12/2025", "--high-water-mark: '31/12/2025' is not an ISO-8601 time")]
    public async Task Set_BadMark_Exit2(string mark, string expected)
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, null, "checkpoints", "set", "leads", "--high-water-mark", mark, "--yes");

        Assert.Equal(ExitCodes.BadOptions, exit);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_WhileAnInterruptedRunIsInFlightOnTheStateFile_RefusedAndNothingChanged()
    {
        using var host = new CliHarness();
        using var cancel = new CancellationTokenSource();
        var writer = new StringWriter(new StringBuilder());
        int interrupted = await ExportCli.RunAsync(
            ["run", "--objects", "leads", "--since", "2026-06-01T00:00:00Z", "--until", "2026-06-30T23:59:59Z", "--out", host.Landing, "--state", host.State],
            PlainConsole.Create(writer), SimulatorPresets.Fast(),
            sim => _ = sim.Control.Hold("/file.json").WaitForHeldAsync(1, Bound()).ContinueWith(_ => cancel.Cancel(), TaskScheduler.Default),
            cancel.Token);
        Assert.True(interrupted == ExitCodes.Interrupted, writer.ToString());
        string? before = File.Exists(host.MirrorFile) ? await File.ReadAllTextAsync(host.MirrorFile) : null;

        (int exit, string output) = await host.RunAsync(null, null, "checkpoints", "reset", "leads", "--yes");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("a run is in flight on this state file", output, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", output, StringComparison.Ordinal);
        Assert.Equal(before, File.Exists(host.MirrorFile) ? await File.ReadAllTextAsync(host.MirrorFile) : null);
    }

    private static async Task RunLeadsAsync(CliHarness host)
    {
        (int exit, string output) = await host.RunAsync(null, null, "run", "--objects", "leads", "--since", "2026-06-01T00:00:00Z", "--until", "2026-06-30T23:59:59Z");
        Assert.True(exit == ExitCodes.Success, output);
    }

    private static async Task<(int Exit, string Output)> RunJsonAsync(CliHarness host, params string[] args)
    {
        var stdout = new StringWriter(new StringBuilder());
        var stderr = new StringWriter(new StringBuilder());
        int exit = await ExportCli.RunAsync(
            [.. args, "--state", host.State], new CliEnvironment(PlainConsole.Create(stdout)) { Error = PlainConsole.Create(stderr), SimulatorOptions = SimulatorPresets.Fast() });
        return (exit, stdout.ToString());
    }

    private static async Task<(int Exit, string Output)> RunWithConfirmAsync(CliHarness host, Func<string, bool> confirm, params string[] args)
    {
        var writer = new StringWriter(new StringBuilder());
        int exit = await ExportCli.RunAsync(
            [.. args, "--state", host.State], new CliEnvironment(PlainConsole.Create(writer)) { Confirm = confirm, SimulatorOptions = SimulatorPresets.Fast() });
        return (exit, writer.ToString());
    }

    private static List<ExportCheckpoint> Mirror(CliHarness host)
        => JsonSerializer.Deserialize<List<ExportCheckpoint>>(File.ReadAllText(host.MirrorFile), Json) ?? [];

    private static CancellationToken Bound() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}
