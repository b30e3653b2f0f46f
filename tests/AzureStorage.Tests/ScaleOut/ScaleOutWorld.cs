using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MarketoExport.Activities.Landing;
using MarketoExport.Durable;
using MarketoExport.Durable.AzureStorage;
using MarketoExport.Cli;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;
using Microsoft.DurableTask.Client;
using Spectre.Console;

namespace MarketoExport.AzureStorage.Tests.ScaleOut;

/// <summary>
/// One test's world: a temporary folder with a landing folder every child shares and a state folder per child, one
/// Marketo simulator hosted by the test on loopback (so every child talks to the same one and the test sees its job
/// log, queue record and held calls), and a task hub of its own on Azurite.
/// </summary>
internal sealed class ScaleOutWorld : IAsyncDisposable
{
    public const string RunInstanceId = "export-run";
    public const string LeadsKey = "id";
    public const string ActivitiesKey = "marketoGUID";

    /// <summary>Bound on waits for a child (start, a held call, a run to its end).</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    /// <summary>Two windows over the tiny data: [Jan 1, Jan 31 23:59:59] and [Feb 1, Mar 1 00:00:00].</summary>
    public static readonly DateTime Since = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime Until = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly AzuriteFixture _azurite;
    private readonly List<ChildProcess> _children = [];
    private readonly TemporaryFolder _root = new("mde-scale");
    private global::DurableTask.AzureStorage.AzureStorageOrchestrationService? _observer;

    public ScaleOutWorld(AzuriteFixture azurite, string hubPrefix)
    {
        _azurite = azurite;
        TaskHub = azurite.NewTaskHub(hubPrefix);
    }

    public string Root => _root.Path;

    public string TaskHub { get; }

    public string Landing => Path.Combine(Root, "landing");

    public SimulatorHost Sim { get; private set; } = null!;

    public SimulatorOptions SimOptions { get; } = SimulatorPresets.Tiny(jobTickSeconds: 0.05);

    public SimulatorControl Control => Sim.Control;

    /// <summary>The state file of the child called <paramref name="name"/> (its folder: logs, worker-id lock).</summary>
    public string State(string name) => Path.Combine(Root, name, "state", "export.db");

    /// <summary>The log of the child called <paramref name="name"/>.</summary>
    public string Log(string name) => Path.Combine(Root, name, "state", "export.log");

    /// <summary>Starts the simulator and, unless told not to, creates the checkpoint custom object in it.</summary>
    public async Task StartAsync(bool provision = true)
    {
        Sim = await SimulatorHost.StartAsync(SimOptions);
        if (provision)
        {
            await ProvisionAsync();
        }
    }

    /// <summary>Creates the checkpoint custom object in the simulator (the `provision` command, in-process).</summary>
    public async Task ProvisionAsync()
    {
        string config = Path.Combine(Root, "marketo.json");
        await SimulatorSettings.WriteConfigFileAsync(config, Sim.BaseUrl, SimOptions);
        var writer = new StringWriter(new StringBuilder());
        IAnsiConsole console = PlainConsole.Create(writer);
        int exit = await ExportCli.RunAsync(["provision", "--config", config, "--state", State("provision")], console);
        Assert.True(exit == ExitCodes.Success, "provision failed: " + writer);
    }

    /// <summary>The children's environment: the one simulator, and the Azure Storage backend on this world's task hub.</summary>
    public Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? extra = null)
    {
        Dictionary<string, string> env = SimulatorSettings.Environment(Sim.BaseUrl, SimOptions);
        env["Durable__Backend"] = "AzureStorage";
        env["Durable__AzureStorage__ConnectionString"] = _azurite.ConnectionString;
        env["Durable__AzureStorage__TaskHub"] = TaskHub;
        foreach ((string key, string value) in extra ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        return env;
    }

    /// <summary>The export's own options (leads and activities over <see cref="Since"/>..<see cref="Until"/>).</summary>
    public string[] ExportArgs(string name) =>
    [
        "--objects", "leads,activities", "--since", Iso(Since), "--until", Iso(Until),
        "--out", Landing, "--state", State(name), "--poll-seconds", "0.05",
    ];

    /// <summary>`serve` on a free loopback port with the schedule off.</summary>
    public ChildProcess StartServe(string name, IReadOnlyDictionary<string, string>? extraEnvironment = null)
        => Start(name, extraEnvironment, ["serve", "--urls", "http://127.0.0.1:0", "--schedule", "off", .. ExportArgs(name)]);

    /// <summary>`run` in the foreground.</summary>
    public ChildProcess StartRun(string name, IReadOnlyDictionary<string, string>? extraEnvironment = null)
        => Start(name, extraEnvironment, ["run", .. ExportArgs(name)]);

    /// <summary>A client of the task hub in the test process (no worker), as another process would have.</summary>
    public DurableTaskClient Observer()
    {
        _observer ??= AzureStorageBackend.CreateService(new AzureStorageBackendOptions
        {
            ConnectionString = _azurite.ConnectionString,
            TaskHub = TaskHub,
            WorkerId = "observer",
        });
        return new DurableTaskCoreClient(AzureStorageBackend.CreateClient(_observer), dataConverter: DurableJson.Converter);
    }

    /// <summary>The worker's own log lines for the activities it ran (<c>Running activity …</c>).</summary>
    public IReadOnlyList<string> ActivityLines(string name)
        => File.Exists(Log(name)) ? File.ReadLines(Log(name)).Where(l => l.Contains("Running activity ", StringComparison.Ordinal)).ToList() : [];

    /// <summary>
    /// After a completed run: every expected record of both objects landed exactly once in verified files listed once
    /// in the manifest, no partial file is left, each window was exported by exactly one job, and Marketo never had
    /// more than 2 jobs queued or processing.
    /// </summary>
    public void AssertExportedOnce()
    {
        var landed = new LandingFolder(Landing);
        IReadOnlyList<ManifestEntry> manifest = landed.Manifest();
        IReadOnlyList<string> files = landed.Files();
        Assert.DoesNotContain(files, f => f.EndsWith(".partial", StringComparison.Ordinal));
        Assert.Equal(files.Where(f => f.EndsWith(".csv", StringComparison.Ordinal)).Order(StringComparer.Ordinal), manifest.Select(m => m.File).Order(StringComparer.Ordinal));

        var keysOf = new Dictionary<string, List<string>> { ["leads"] = [], ["activities"] = [] };
        foreach (ManifestEntry entry in manifest)
        {
            byte[] bytes = landed.Bytes(entry.File);
            Assert.Equal(entry.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            List<string> keys = Rfc4180.Column(Encoding.UTF8.GetString(bytes), entry.Object == "leads" ? LeadsKey : ActivitiesKey);
            Assert.Equal(entry.Records, keys.Count);
            keysOf[entry.Object].AddRange(keys);
        }

        foreach ((string objectName, HashSet<string> expected) in new[] { ("leads", SimulatorDataModel.LeadIdsUpdatedIn(SimOptions, Since, Until)), ("activities", SimulatorDataModel.ActivityGuidsDatedIn(SimOptions, Since, Until)) })
        {
            List<string> got = keysOf[objectName];
            Assert.True(expected.Count > 0, $"the test span holds no {objectName}");
            Assert.True(got.Count == got.Distinct().Count(), $"{objectName} landed twice: {string.Join(",", got.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key))}");
            Assert.True(expected.SetEquals(got), $"{objectName}: missing {string.Join(",", expected.Except(got))}; extra {string.Join(",", got.Except(expected))}");
        }

        IReadOnlyList<ExportJobLogEntry> jobs = Control.GetJobs();
        foreach (IGrouping<string, ExportJobLogEntry> window in jobs.GroupBy(j => j.Entity + " " + j.Filter))
        {
            Assert.True(window.Count() == 1, $"window {window.Key} was exported by {window.Count()} jobs: {string.Join(", ", window.Select(j => j.ExportId + " " + j.Status))}");
        }

        Assert.Equal(4, jobs.Count);
        Assert.All(jobs, j => Assert.Equal("Completed", j.Status));
        Assert.InRange(Control.GetQueue().MaxQueuedOrProcessing, 1, 2);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (ChildProcess child in _children)
        {
            child.Dispose();
        }

        _observer?.Dispose();
        if (Sim is not null)
        {
            await Sim.DisposeAsync();
        }

        _root.Dispose();
    }

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private ChildProcess Start(string name, IReadOnlyDictionary<string, string>? extraEnvironment, string[] args)
    {
        ChildProcess child = ChildProcess.StartCli(Root, Environment(extraEnvironment), args, name);
        _children.Add(child);
        return child;
    }
}
