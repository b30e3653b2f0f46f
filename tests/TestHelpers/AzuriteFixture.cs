using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace MarketoExport.TestHelpers;

/// <summary>
/// Azurite's blob, queue and table services on 127.0.0.1, in memory, for a test collection that declares this fixture
/// (<c>ICollectionFixture&lt;AzuriteFixture&gt;</c>); killed at its end. Azurite is the version tests/TestHelpers/azurite
/// pins, installed once per pin by <see cref="NodePackages"/>. Each service binds port 0 and the fixture reads the port
/// it got from Azurite's own "successfully listening at" line, so Azurites of test assemblies running side by side
/// never collide on a port. Tests share one Azurite through unique container and task hub names.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime, IDisposable
{
    // Azurite's documented development account (public, not a secret).
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly IMessageSink _diagnostics;
    private readonly TemporaryFolder _workDir = new("mde-azurite");
    private ChildProcess? _azurite;
    private int _hubs;

    /// <summary>Created by xunit once for the collection.</summary>
    public AzuriteFixture(IMessageSink diagnostics) => _diagnostics = diagnostics;

    /// <summary>Connection string of the running emulator (blob, queue and table endpoints).</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Time spent installing Azurite (zero when the pin's install was there).</summary>
    public TimeSpan NpmCiTime { get; private set; }

    /// <summary>Time from process start until all three services listened.</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>A client for a new, empty container with a unique name.</summary>
    public BlobContainerClient NewContainer() => NewContainerClient("t" + Guid.NewGuid().ToString("N"));

    /// <summary>Another client for the container <paramref name="name"/> (as a second process would have).</summary>
    public BlobContainerClient NewContainerClient(string name) => new(ConnectionString, name);

    /// <summary>A task hub name no other test uses (letters and digits).</summary>
    public string NewTaskHub(string prefix) => $"{prefix}{Interlocked.Increment(ref _hubs)}x{Guid.NewGuid().ToString("N")[..6]}";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var npm = Stopwatch.StartNew();
        string install = await NodePackages.InstallAsync(RepositoryFiles.Path("tests/TestHelpers/azurite"));
        string main = Path.Combine(install, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(main))
        {
            throw new InvalidOperationException($"{main} is missing after npm ci; check that tests/TestHelpers/azurite/package.json pins azurite.");
        }

        NpmCiTime = npm.Elapsed;
        var start = Stopwatch.StartNew();
        _azurite = ChildProcess.Start(
            "node",
            [
                main,
                "--blobHost", "127.0.0.1", "--blobPort", "0",
                "--queueHost", "127.0.0.1", "--queuePort", "0",
                "--tableHost", "127.0.0.1", "--tablePort", "0",
                "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
            ],
            _workDir.Path,
            name: "Azurite");

        // "Azurite Blob service is successfully listening at http://127.0.0.1:40123" (also with --silent), once per service.
        int blob = await PortAsync("Blob");
        int queue = await PortAsync("Queue");
        int table = await PortAsync("Table");
        StartTime = start.Elapsed;
        ConnectionString = string.Create(CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};"
            + $"BlobEndpoint=http://127.0.0.1:{blob}/{Account};QueueEndpoint=http://127.0.0.1:{queue}/{Account};TableEndpoint=http://127.0.0.1:{table}/{Account};");
        _diagnostics.OnMessage(new DiagnosticMessage(
            $"Azurite blob/queue/table on 127.0.0.1:{blob}/{queue}/{table}: npm {NpmCiTime.TotalSeconds:F1} s, start {StartTime.TotalSeconds:F1} s"));
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Kills Azurite (its data was in memory) and deletes its working folder; safe to call again.</summary>
    public void Dispose()
    {
        _azurite?.Dispose();
        _workDir.Dispose();
    }

    private async Task<int> PortAsync(string service)
    {
        Match listening = await _azurite!.WaitForLineAsync($@"Azurite {service} service is successfully listening at http://127\.0\.0\.1:(\d+)", StartTimeout);
        return int.Parse(listening.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
