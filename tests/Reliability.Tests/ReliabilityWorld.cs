using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MarketoExport.Activities.Checkpoints;
using MarketoExport.Activities.Landing;
using MarketoExport.Cli;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;
using Spectre.Console;

namespace MarketoExport.Reliability.Tests;

/// <summary>
/// One test's world: a temporary folder (landing, state, config), a simulator hosted in the test process on
/// loopback, and ways to run the command line against it (child process or in-process) and check the invariants.
/// </summary>
internal sealed class ReliabilityWorld : IAsyncDisposable
{
    public const string CheckpointObject = "marketoExportCheckpoint";
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly List<ChildProcess> _children = [];
    private readonly TemporaryFolder _root = new("mde-rel");

    public string Root => _root.Path;

    public string Landing => Path.Combine(Root, "landing");

    /// <summary>What the runs landed: files, manifest, record ids.</summary>
    public LandingFolder Landed => new(Landing);

    public string StateDir => Path.Combine(Root, "state");

    public string State => Path.Combine(StateDir, "export.db");

    public string ConfigFile => Path.Combine(Root, "marketo.json");

    public SimulatorHost? Sim { get; private set; }

    public SimulatorOptions? SimOptions { get; private set; }

    public SimulatorControl Control => Sim?.Control ?? throw new InvalidOperationException("No simulator started.");

    /// <summary>Two windows over the tiny data: [Jan 1, Jan 31 23:59:59] and [Feb 1, Mar 1 00:00:00].</summary>
    public static readonly DateTime Since = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime Until = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public async Task<SimulatorHost> StartSimulatorAsync(SimulatorOptions options)
    {
        SimOptions = options;
        Sim = await SimulatorHost.StartAsync(options);
        await SimulatorSettings.WriteConfigFileAsync(ConfigFile, Sim.BaseUrl, options);
        return Sim;
    }

    /// <summary>Creates and approves the checkpoint custom object in the simulator (the `provision` command, in-process).</summary>
    public async Task ProvisionAsync()
    {
        (int exit, string output) = await RunCliAsync("provision");
        Assert.True(exit == ExitCodes.Success, "provision failed: " + output);
    }

    public IReadOnlyDictionary<string, string> ChildEnvironment() => SimulatorSettings.Environment(Sim!.BaseUrl, SimOptions!);

    /// <summary>`run` of leads over <see cref="Since"/>..<see cref="Until"/> as a child process.</summary>
    public ChildProcess StartChildRun(params string[] extra)
    {
        string[] args =
        [
            "run", "--objects", "leads", "--since", Iso(Since), "--until", Iso(Until),
            "--out", Landing, "--state", State, "--poll-seconds", "0.05", .. extra,
        ];
        ChildProcess child = ChildProcess.StartCli(Root, ChildEnvironment(), args, "the child `run`");
        _children.Add(child);
        return child;
    }

    /// <summary>Runs a child `run` to its end; asserts exit 0 unless told otherwise.</summary>
    public async Task<string> RunChildToEndAsync(int expectedExit = ExitCodes.Success)
    {
        using ChildProcess child = StartChildRun();
        int exit = await child.WaitForExitAsync(Generous);
        Assert.True(exit == expectedExit, $"exit {exit} (expected {expectedExit}); output:\n{child.Output}");
        return child.Output;
    }

    /// <summary>
    /// The command line in-process. Without <paramref name="simulatorMode"/> it talks to this world's simulator
    /// through a config file (Marketo-paced settings, the checkpoint only in the simulator's custom object); with it,
    /// the command starts its own simulator (fast settings, mirrored checkpoints) and <paramref name="arrange"/> sees it.
    /// </summary>
    public async Task<(int Exit, string Output)> RunCliAsync(string[] args, SimulatorOptions? simulatorMode = null, Action<SimulatorControl>? arrange = null)
    {
        var writer = new StringWriter(new StringBuilder());
        IAnsiConsole console = PlainConsole.Create(writer);
        string[] all = simulatorMode is null
            ? CliArgs.With(new CliCommandLine().Root, args, ("--config", ConfigFile), ("--out", Landing), ("--state", State), ("--poll-seconds", "0.05"))
            : CliArgs.With(new CliCommandLine().Root, args, ("--out", Landing), ("--state", State), ("--poll-seconds", "0.05"));
        int exit = await ExportCli.RunAsync(all, console, simulatorMode, sim =>
        {
            Sim = sim;
            SimOptions = simulatorMode;
            arrange?.Invoke(sim.Control);
        });
        return (exit, writer.ToString());
    }

    public Task<(int Exit, string Output)> RunCliAsync(params string[] args) => RunCliAsync(args, null, null);

    /// <summary>The checkpoint record of <paramref name="objectName"/> in the simulator's custom object, or null.</summary>
    public JsonObject? Checkpoint(string objectName = "leads") =>
        Control.GetCustomObjectTypes().Contains(CheckpointObject)
            ? Control.GetCustomObjectRecords(CheckpointObject).FirstOrDefault(r => (string?)r[CheckpointFields.ObjectName] == objectName)
            : null;

    public DateTime? HighWaterMark(string objectName = "leads") =>
        Checkpoint(objectName)?[CheckpointFields.HighWaterMark] is { } v && v.GetValue<string>() is { Length: > 0 } s
            ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture).UtcDateTime
            : null;

    /// <summary>
    /// The invariants after a completed (possibly crashed and resumed) run of leads: every expected record landed
    /// exactly once, every file verified and listed once in the manifest, no temporary files, the checkpoint at the
    /// last window's end with nothing in flight, and no window exported by two enqueued jobs.
    /// </summary>
    public void AssertInvariants(string context, DateTime from, DateTime to, bool allowOrphanCreatedJobs = false, int jobsPerWindow = 1)
    {
        string Ctx(string what) => $"[{context}] {what}";
        IReadOnlyList<string> files = Landed.Files();
        Assert.DoesNotContain(files, f => Path.GetFileName(f).StartsWith('.') || f.EndsWith(".partial", StringComparison.Ordinal) || f.EndsWith(".tmp", StringComparison.Ordinal));

        IReadOnlyList<ManifestEntry> manifest = Landed.Manifest();
        List<string> csvFiles = files.Where(f => f.EndsWith(".csv", StringComparison.Ordinal)).ToList();
        Assert.True(manifest.Select(m => m.File).Distinct().Count() == manifest.Count, Ctx("manifest lists a file twice: " + string.Join(", ", manifest.Select(m => m.File))));
        Assert.Equal(csvFiles, manifest.Select(m => m.File).Order(StringComparer.Ordinal).ToList());

        var landedIds = new List<string>();
        foreach (ManifestEntry entry in manifest)
        {
            byte[] bytes = Landed.Bytes(entry.File);
            Assert.True(Convert.ToHexStringLower(SHA256.HashData(bytes)) == entry.Sha256, Ctx($"{entry.File}: sha256 differs from its manifest line"));
            Assert.Equal(entry.Bytes, bytes.LongLength);
            List<string> ids = Rfc4180.Column(Encoding.UTF8.GetString(bytes), "id");
            Assert.True(ids.Count == entry.Records, Ctx($"{entry.File}: {ids.Count} records, manifest says {entry.Records}"));
            landedIds.AddRange(ids);
        }

        HashSet<string> expected = SimulatorDataModel.LeadIdsUpdatedIn(SimOptions!, from, to);
        Assert.True(expected.Count > 0, Ctx("the test span holds no records"));
        Assert.True(landedIds.Count == landedIds.Distinct().Count(), Ctx($"records landed twice: {string.Join(",", landedIds.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key))}"));
        Assert.True(expected.SetEquals(landedIds), Ctx($"landed ids differ: missing {string.Join(",", expected.Except(landedIds))}; extra {string.Join(",", landedIds.Except(expected))}"));

        JsonObject? checkpoint = Checkpoint();
        Assert.NotNull(checkpoint);
        Assert.True(HighWaterMark() == to, Ctx($"high-water mark {HighWaterMark()}, expected {Iso(to)}; record {checkpoint.ToJsonString()}"));
        Assert.True(checkpoint["inFlightExportId"] is null || checkpoint["inFlightExportId"]!.GetValue<string>() is null or "",
            Ctx("an export is still recorded in flight: " + checkpoint.ToJsonString()));

        AssertNoWindowExportedTwice(context, allowOrphanCreatedJobs, jobsPerWindow);
    }

    /// <summary>No two jobs for the same entity and filter; with <paramref name="allowOrphanCreatedJobs"/>, extra jobs that were never enqueued are tolerated.</summary>
    public void AssertNoWindowExportedTwice(string context, bool allowOrphanCreatedJobs = false, int jobsPerWindow = 1)
    {
        foreach (IGrouping<string, ExportJobLogEntry> group in Control.GetJobs().GroupBy(j => j.Entity + "|" + j.ApiName + "|" + j.Filter))
        {
            List<ExportJobLogEntry> jobs = group.ToList();
            List<ExportJobLogEntry> enqueued = jobs.Where(j => j.Transitions.Any(t => t.Status == "Queued")).ToList();
            string describe = string.Join("; ", jobs.Select(j => $"{j.ExportId} {j.Status} [{string.Join(">", j.Transitions.Select(t => t.Status))}]"));
            Assert.True(enqueued.Count <= jobsPerWindow, $"[{context}] window {group.Key} was enqueued {enqueued.Count} times: {describe}");
            if (!allowOrphanCreatedJobs)
            {
                Assert.True(jobs.Count <= jobsPerWindow, $"[{context}] window {group.Key} was created {jobs.Count} times: {describe}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (ChildProcess child in _children)
        {
            child.Dispose();
        }

        if (Sim is not null)
        {
            await Sim.DisposeAsync();
        }

        _root.Dispose();
    }
}
