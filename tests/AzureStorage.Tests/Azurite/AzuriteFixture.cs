using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace MarketoExport.AzureStorage.Tests.Azurite;

/// <summary>
/// Azurite's blob, queue and table services on 127.0.0.1 (free ports, in memory), started once for
/// <see cref="AzuriteCollection"/> from this project's pinned npm install in tests/AzureStorage.Tests/azurite (<c>npm ci</c>
/// there when node_modules is missing; its own folder, so no other test assembly runs <c>npm ci</c> in it at the same
/// time), and killed at the end. Each test uses its own task hub, so tests share it safely.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's documented development account (public, not a secret).
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const int Services = 3;
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly IMessageSink _diagnostics;
    private readonly StringBuilder _output = new();
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "mde-azurite-" + Guid.NewGuid().ToString("N"));
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _servicesListening;
    private int _hubs;
    private Process? _process;

    public AzuriteFixture(IMessageSink diagnostics) => _diagnostics = diagnostics;

    /// <summary>Connection string of the running emulator (blob, queue and table endpoints).</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Time from process start until all three services listened.</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>A task hub name no other test uses (letters and digits).</summary>
    public string NewTaskHub(string prefix) => $"{prefix}{Interlocked.Increment(ref _hubs)}x{Guid.NewGuid().ToString("N")[..6]}";

    public async Task InitializeAsync()
    {
        string dir = FindAzuriteDirectory();
        string main = Path.Combine(dir, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(main))
        {
            await RunNpmCiAsync(dir);
            if (!File.Exists(main))
            {
                throw new InvalidOperationException($"npm ci in {dir} finished but {main} is missing; check package.json pins azurite.");
            }
        }

        Directory.CreateDirectory(_workDir);
        var start = Stopwatch.StartNew();
        int[] ports = FreePorts(Services);
        _process = StartNode(main, ports);
        await WaitForListeningAsync();
        StartTime = start.Elapsed;
        ConnectionString = string.Create(CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};"
            + $"BlobEndpoint=http://127.0.0.1:{ports[0]}/{Account};QueueEndpoint=http://127.0.0.1:{ports[1]}/{Account};TableEndpoint=http://127.0.0.1:{ports[2]}/{Account};");
        _diagnostics.OnMessage(new DiagnosticMessage($"Azurite blob/queue/table on 127.0.0.1:{string.Join('/', ports)}: started in {StartTime.TotalSeconds:F1} s"));
    }

    public async Task DisposeAsync()
    {
        if (_process is { } p)
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
            }

            p.Dispose();
        }

        if (Directory.Exists(_workDir))
        {
            Directory.Delete(_workDir, recursive: true);
        }
    }

    private static string FindAzuriteDirectory()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "tests", "AzureStorage.Tests", "azurite");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/AzureStorage.Tests/azurite/package.json not found above {AppContext.BaseDirectory}; run the tests from the repository.");
    }

    private static async Task RunNpmCiAsync(string dir)
    {
        var psi = new ProcessStartInfo("npm", "ci --no-audit --no-fund")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process npm;
        try
        {
            npm = Process.Start(psi) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("npm is not on PATH; install Node.js (20+) to run the Azure Storage backend tests against Azurite.", ex);
        }

        using (npm)
        {
            Task<string> stdout = npm.StandardOutput.ReadToEndAsync();
            Task<string> stderr = npm.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(NpmTimeout);
            try
            {
                await npm.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                npm.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"npm ci in {dir} did not finish within {NpmTimeout.TotalMinutes} minutes; check the npm registry is reachable.");
            }

            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {dir} failed with exit code {npm.ExitCode}:\n{await stdout}\n{await stderr}");
            }
        }
    }

    private Process StartNode(string main, int[] ports)
    {
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = _workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string P(int i) => ports[i].ToString(CultureInfo.InvariantCulture);
        foreach (string arg in new[]
        {
            main,
            "--blobHost", "127.0.0.1", "--blobPort", P(0),
            "--queueHost", "127.0.0.1", "--queuePort", P(1),
            "--tableHost", "127.0.0.1", "--tablePort", P(2),
            "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
        })
        {
            psi.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        // "Azurite Blob service is successfully listening at http://127.0.0.1:…" (also with --silent), once per service.
        if (line.Contains("successfully listening", StringComparison.Ordinal) && Interlocked.Increment(ref _servicesListening) == Services)
        {
            _listening.TrySetResult();
        }
    }

    private async Task WaitForListeningAsync()
    {
        Task exited = _process!.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        Task timedOut = Task.Delay(Timeout.Infinite, timeout.Token);
        Task first = await Task.WhenAny(_listening.Task, exited, timedOut);
        if (first == exited)
        {
            throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before listening:\n{CapturedOutput()}");
        }

        if (first == timedOut)
        {
            throw new InvalidOperationException($"Azurite did not report its three services listening within {StartTimeout.TotalSeconds} s:\n{CapturedOutput()}");
        }
    }

    private string CapturedOutput()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static int[] FreePorts(int count)
    {
        // All listeners open at once, so the ports differ; each is released just before Azurite binds it.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
