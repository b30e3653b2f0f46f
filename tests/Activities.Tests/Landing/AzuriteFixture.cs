using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Storage.Blobs;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace MarketoExport.Activities.Tests.Landing;

/// <summary>
/// Azurite's blob service on 127.0.0.1 (a free port, in-memory), started once for the <see cref="AzuriteCollection"/>
/// from the project's pinned npm install in tests/Activities.Tests/azurite (installed with <c>npm ci</c> when missing),
/// and killed at the end.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's documented development account (public, not a secret).
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly IMessageSink _diagnostics;
    private readonly StringBuilder _output = new();
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "mde-azurite-" + Guid.NewGuid().ToString("N"));
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;

    public AzuriteFixture(IMessageSink diagnostics) => _diagnostics = diagnostics;

    /// <summary>Connection string of the running emulator.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Time spent in <c>npm ci</c> (zero when node_modules was there).</summary>
    public TimeSpan NpmCiTime { get; private set; }

    /// <summary>Time from process start until the port accepted a connection.</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>A client for a new, empty container with a unique name.</summary>
    public BlobContainerClient NewContainer() => NewContainerClient("t" + Guid.NewGuid().ToString("N"));

    /// <summary>Another client for the container <paramref name="name"/> (as a second process would have).</summary>
    public BlobContainerClient NewContainerClient(string name) => new(ConnectionString, name);

    public async Task InitializeAsync()
    {
        string dir = FindAzuriteDirectory();
        string main = Path.Combine(dir, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(main))
        {
            var npm = Stopwatch.StartNew();
            await RunNpmCiAsync(dir);
            NpmCiTime = npm.Elapsed;
            if (!File.Exists(main))
            {
                throw new InvalidOperationException($"npm ci in {dir} finished but {main} is missing; check package.json pins azurite.");
            }
        }

        Directory.CreateDirectory(_workDir);
        var start = Stopwatch.StartNew();
        int port = FreePort();
        _process = StartNode(main, port);
        await WaitForPortAsync(port);
        StartTime = start.Elapsed;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{port}/{Account};";
        _diagnostics.OnMessage(new DiagnosticMessage(
            $"Azurite blob on 127.0.0.1:{port}: npm ci {NpmCiTime.TotalSeconds:F1} s, start {StartTime.TotalSeconds:F1} s"));
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
            string candidate = Path.Combine(d.FullName, "tests", "Activities.Tests", "azurite");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"tests/Activities.Tests/azurite/package.json not found above {AppContext.BaseDirectory}; run the tests from the repository.");
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
            throw new InvalidOperationException("npm is not on PATH; install Node.js (20+) to run the Blob Storage sink tests against Azurite.", ex);
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

    private Process StartNode(string main, int port)
    {
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = _workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
        {
            main, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose",
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
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (line.Contains("successfully listens on", StringComparison.Ordinal))
            {
                _listening.TrySetResult();
            }
        }
    }

    private async Task WaitForPortAsync(int port)
    {
        // Azurite prints "successfully listens on" once bound (also with --silent, which only mutes the access log);
        // the process exiting or the timeout ends the wait too. Then one connect confirms the port.
        Task exited = _process!.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        Task timedOut = Task.Delay(Timeout.Infinite, timeout.Token);
        Task first = await Task.WhenAny(_listening.Task, exited, timedOut);
        if (first == exited)
        {
            throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before listening on 127.0.0.1:{port}:\n{CapturedOutput()}");
        }

        if (first == timedOut)
        {
            throw new InvalidOperationException(
                $"Azurite did not report listening on 127.0.0.1:{port} within {StartTimeout.TotalSeconds} s:\n{CapturedOutput()}");
        }

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
    }

    private string CapturedOutput()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
