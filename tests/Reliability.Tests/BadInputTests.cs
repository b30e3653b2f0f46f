using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarketoExport.Activities.Landing;
using MarketoExport.Cli;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;

namespace MarketoExport.Reliability.Tests;

/// <summary>Bad configuration, awkward data and hostile checkpoint values.</summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData("run", """{ "Marketo": { "ClientId": "id", "ClientSecret": "secret" } }""", "Marketo__BaseUrl")]
    [InlineData("run", """{ "Marketo": { "BaseUrl": "not a url", "ClientId": "id", "ClientSecret": "secret" } }""", "Marketo__BaseUrl")]
    [InlineData("run", """{ "Marketo": { "BaseUrl": "ftp://1.mktorest.com", "ClientId": "id", "ClientSecret": "secret" } }""", "Marketo__BaseUrl")]
    [InlineData("run", """{ "Marketo": { "BaseUrl": "https://1.mktorest.com", "ClientId": "id" } }""", "Marketo__ClientSecret")]
    [InlineData("run", """{ "Export": { "Objects": "leads,opportunities" } }""", "Export:Objects")]
    [InlineData("run", """{ "Export": { "Objects": "customObject:../../evil" } }""", "Export:Objects")]
    [InlineData("run", """{ "Export": { "Since": "2026-02-01T00:00:00Z", "Until": "2026-01-01T00:00:00Z" } }""", "Export:Until")]
    [InlineData("run", """{ "Export": { "Since": "last tuesday" } }""", "Export:Since")]
    [InlineData("run", """{ "Export": { "PollSeconds": "fast" } }""", "Export:PollSeconds")]
    [InlineData("run", """{ "Export": { "Out": "{FILE}" } }""", "Export:Out")]
    [InlineData("run", """{ "Export": { "State": "{DIR}" } }""", "Export:State")]
    [InlineData("run", """{ "Export": { "CheckpointObject": "../checkpoints" } }""", "Export:CheckpointObject")]
    [InlineData("serve", """{ "Export": { "Schedule": "61 25 * * *" } }""", "Export:Schedule")]
    [InlineData("serve", """{ "Export": { "ScheduleTimeZone": "Mars/Olympus_Mons" } }""", "Export:ScheduleTimeZone")]
    [InlineData("run", """{ "Export": { "Objects": """, "not valid JSON")]
    public async Task Run_BadConfiguration_Exit2NamingTheKeyAndNothingStarted(string command, string json, string named)
    {
        await using var world = new ReliabilityWorld();
        string file = Path.Combine(world.Root, "a-file.txt");
        string dir = Path.Combine(world.Root, "a-folder");
        await File.WriteAllTextAsync(file, "x");
        Directory.CreateDirectory(dir);
        string config = Path.Combine(world.Root, "bad.json");
        await File.WriteAllTextAsync(config, json.Replace("{FILE}", Esc(file), StringComparison.Ordinal).Replace("{DIR}", Esc(dir), StringComparison.Ordinal));
        bool simulatorStarted = false;
        var console = new StringWriter(new StringBuilder());
        string[] args = json.Contains("\"Out\"", StringComparison.Ordinal) || json.Contains("\"State\"", StringComparison.Ordinal)
            ? [command, "--config", config]
            : [command, "--config", config, "--out", world.Landing, "--state", world.State];
        using var cancel = new CancellationTokenSource(ReliabilityWorld.Generous);

        int exit = await ExportCli.RunAsync(args, PlainConsole.Create(console), SimulatorPresets.Tiny(), _ => simulatorStarted = true, cancel.Token);

        string output = console.ToString();
        Assert.True(exit == ExitCodes.BadOptions, $"exit {exit}: {output}");
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.False(simulatorStarted, "the simulator (or a connection) was started for a bad configuration");
        Assert.False(Directory.Exists(world.StateDir), "a state folder was created");
        Assert.False(Directory.Exists(world.Landing), "a landing folder was created");
    }

    [Fact]
    public async Task Run_ChildProcessWithMalformedBaseUrl_ExitCode2NamingTheVariable()
    {
        await using var world = new ReliabilityWorld();
        var env = new Dictionary<string, string>
        {
            ["Marketo__BaseUrl"] = "htp:/123-abc.mktorest",
            ["Marketo__ClientId"] = "id",
            ["Marketo__ClientSecret"] = "secret",
        };
        using ChildProcess child = ChildProcess.StartCli(world.Root, env, ["run", "--out", world.Landing, "--state", world.State]);

        int exit = await child.WaitForExitAsync(ReliabilityWorld.Generous);

        Assert.True(exit == ExitCodes.BadOptions, child.Output);
        Assert.Contains("Marketo__BaseUrl", child.Output, StringComparison.Ordinal);
        Assert.Contains("https://", child.Output, StringComparison.Ordinal); // the fix: an example of the right form
        Assert.Empty(Directory.EnumerateFileSystemEntries(world.Root));
    }

    [Fact]
    public async Task Run_CsvWithEmbeddedNewlinesQuotesAndNonAscii_LandsByteIdenticalWithTheRightCount()
    {
        await using var world = new ReliabilityWorld();
        await world.StartSimulatorAsync(SimulatorPresets.Tiny(jobTickSeconds: 0.02));
        await world.ProvisionAsync();

        (int exit, string output) = await world.RunCliAsync(RunLeads());

        Assert.True(exit == ExitCodes.Success, output);
        using var http = new HttpClient { BaseAddress = world.Sim!.BaseUrl };
        string token = await TokenAsync(http, world.SimOptions!);
        var texts = new StringBuilder();
        foreach (ManifestEntry entry in world.Landed.Manifest())
        {
            ExportJobLogEntry job = Assert.Single(world.Control.GetJobs(), j => j.ExportId == entry.ExportId);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/bulk/v1/leads/export/{job.ExportId}/file.json");
            request.Headers.Authorization = new("Bearer", token);
            using HttpResponseMessage response = await http.SendAsync(request);
            byte[] served = await response.Content.ReadAsByteArrayAsync();
            byte[] landed = await File.ReadAllBytesAsync(Path.Combine(world.Landing, entry.File));
            Assert.Equal(served, landed);
            string text = Encoding.UTF8.GetString(landed);
            Assert.Equal(job.NumberOfRecords, Rfc4180.Parse(text).Count - 1);
            Assert.Equal(job.NumberOfRecords, entry.Records);
            texts.Append(text);
        }

        // The data really is awkward: a quoted field with a line break, a doubled quote, non-ASCII text.
        List<string[]> rows = Rfc4180.Parse(texts.ToString());
        Assert.Contains(rows.SelectMany(r => r), v => v.Contains('\n', StringComparison.Ordinal));
        Assert.Contains(rows.SelectMany(r => r), v => v.Contains('"', StringComparison.Ordinal));
        Assert.Contains(rows.SelectMany(r => r), v => v.Any(c => c > 127));
        world.AssertInvariants("awkward csv", ReliabilityWorld.Since, ReliabilityWorld.Until);
    }

    [Fact]
    public async Task Run_EmptyExport_LandsAHeaderOnlyFileWithAZeroRecordManifestLineAndAdvancesTheCheckpoint()
    {
        await using var world = new ReliabilityWorld();
        await world.StartSimulatorAsync(SimulatorPresets.Tiny(jobTickSeconds: 0.02));
        await world.ProvisionAsync();
        var from = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc); // the data ends on 2026-03-01
        var to = new DateTime(2026, 4, 30, 23, 59, 59, DateTimeKind.Utc);

        (int exit, string output) = await world.RunCliAsync("run", "--objects", "leads", "--since", ReliabilityWorld.Iso(from), "--until", ReliabilityWorld.Iso(to));

        Assert.True(exit == ExitCodes.Success, output);
        ManifestEntry only = Assert.Single(world.Landed.Manifest());
        Assert.Equal(0, only.Records);
        List<string[]> rows = Rfc4180.Parse(world.Landed.Read(only.File));
        Assert.Equal("id", Assert.Single(rows)[0]); // header only
        Assert.Equal(to, world.HighWaterMark());
    }

    [Fact]
    public async Task Run_CheckpointInTheFuture_ReportsItAndExportsNothing()
    {
        await using var world = new ReliabilityWorld();
        await world.StartSimulatorAsync(SimulatorPresets.Tiny(jobTickSeconds: 0.02));
        await world.ProvisionAsync();
        await SeedCheckpointAsync(world, new JsonObject { ["objectName"] = "leads", ["highWaterMark"] = "2031-01-01T00:00:00Z" });

        (int exit, string output) = await world.RunCliAsync(RunLeads());

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Contains("2031-01-01T00:00:00Z is after the export end", output, StringComparison.Ordinal);
        Assert.Empty(world.Control.GetJobs());
        Assert.Empty(world.Landed.Manifest());
        Assert.Equal(new DateTime(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc), world.HighWaterMark());
    }

    [Fact]
    public async Task Run_CheckpointHighWaterMarkUnparseable_RefusedByTheStoreOrReportedNothingExported()
    {
        await using var world = new ReliabilityWorld();
        await world.StartSimulatorAsync(SimulatorPresets.Tiny(jobTickSeconds: 0.02));
        await world.ProvisionAsync();
        JsonNode seeded = await SeedCheckpointAsync(world, new JsonObject { ["objectName"] = "leads", ["highWaterMark"] = "next thursday" }, expectSaved: false);

        if ((string?)seeded["status"] is "created" or "updated")
        {
            // Marketo kept the value: the run must name the field and export nothing.
            (int exit, string output) = await world.RunCliAsync(RunLeads());
            Assert.True(exit == ExitCodes.Failed, output);
            Assert.Contains("highWaterMark", output, StringComparison.Ordinal);
            Assert.Empty(world.Control.GetJobs());
        }
        else
        {
            // Marketo refuses a datetime field that is not a date, so such a record cannot exist; a run starts clean.
            Assert.Equal("skipped", (string?)seeded["status"]);
            Assert.Null(world.Checkpoint());
        }
    }

    [Fact]
    public async Task Run_CheckpointWithPathLikeNames_NeverWritesOutsideTheLandingFolder()
    {
        await using var world = new ReliabilityWorld();
        await world.StartSimulatorAsync(SimulatorPresets.Tiny(jobTickSeconds: 0.02));
        await world.ProvisionAsync();
        await SeedCheckpointAsync(world, new JsonObject
        {
            ["objectName"] = "leads",
            ["highWaterMark"] = "2026-01-31T23:59:59Z",
            ["lastFileName"] = @"c:\something\else\file.txt",
            ["inFlightExportId"] = "../../../../evil",
            ["inFlightWindowStart"] = "2026-02-01T00:00:00Z",
            ["inFlightWindowEnd"] = "2026-03-01T00:00:00Z",
        });
        string[] before = Directory.EnumerateFileSystemEntries(world.Root).Order(StringComparer.Ordinal).ToArray();

        (int exit, string output) = await world.RunCliAsync(RunLeads());

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Equal(before.Union([world.Landing, world.StateDir]).Order(StringComparer.Ordinal).ToArray(), Directory.EnumerateFileSystemEntries(world.Root).Order(StringComparer.Ordinal).ToArray());
        Assert.All(world.Landed.Files(), f => Assert.DoesNotContain("..", f, StringComparison.Ordinal));
        Assert.DoesNotContain(world.Landed.Files(), f => f.Contains("file.txt", StringComparison.Ordinal) || f.Contains("evil", StringComparison.Ordinal));
        world.AssertInvariants("path-like names", new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc), ReliabilityWorld.Until);
        Assert.DoesNotContain("\\", (string?)world.Checkpoint()!["lastFileName"] ?? string.Empty, StringComparison.Ordinal);
    }

    private static string[] RunLeads() =>
        ["run", "--objects", "leads", "--since", ReliabilityWorld.Iso(ReliabilityWorld.Since), "--until", ReliabilityWorld.Iso(ReliabilityWorld.Until)];

    private static string Esc(string path) => JsonEncodedText.Encode(path).ToString();

    private static async Task<string> TokenAsync(HttpClient http, SimulatorOptions sim)
    {
        JsonObject token = (await http.GetFromJsonAsync<JsonObject>(
            $"/identity/oauth/token?grant_type=client_credentials&client_id={Uri.EscapeDataString(sim.ClientId)}&client_secret={Uri.EscapeDataString(sim.ClientSecret)}"))!;
        return (string)token["access_token"]!;
    }

    /// <summary>Writes a checkpoint record through the custom objects REST API, as another tool (or a person) could.</summary>
    private static async Task<JsonNode> SeedCheckpointAsync(ReliabilityWorld world, JsonObject record, bool expectSaved = true)
    {
        using var http = new HttpClient { BaseAddress = world.Sim!.BaseUrl };
        string token = await TokenAsync(http, world.SimOptions!);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/rest/v1/customobjects/{ReliabilityWorld.CheckpointObject}.json")
        {
            Content = JsonContent.Create(new JsonObject { ["action"] = "createOrUpdate", ["dedupeBy"] = "dedupeFields", ["input"] = new JsonArray(record) }),
        };
        request.Headers.Authorization = new("Bearer", token);
        using HttpResponseMessage response = await http.SendAsync(request);
        JsonObject body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        JsonNode result = body["result"]![0]!;
        if (expectSaved)
        {
            Assert.True((string?)result["status"] is "created" or "updated", body.ToJsonString());
        }

        return result;
    }
}
