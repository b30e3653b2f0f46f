using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace MarketoExport.Bench.Engine;

/// <summary>
/// Azurite (blob, queue and table services, in memory) on 127.0.0.1, installed from the project's own npm lock file
/// (tests/TestHelpers/azurite, the pin the tests' AzuriteFixture uses) and killed on dispose. Uses the standard
/// development ports 10000-10002 (so the connection string is the standard development one) when they are free,
/// other free ports otherwise.
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    // Azurite's documented development account (public, not a secret).
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly string _workDir;
    private readonly StringBuilder _output;

    private AzuriteProcess(Process process, string workDir, StringBuilder output, int blobPort, int queuePort, int tablePort, string version)
    {
        _process = process;
        _workDir = workDir;
        _output = output;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        Version = version;
    }

    public int ProcessId => _process.Id;

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string Version { get; }

    public bool StandardPorts => BlobPort == 10000 && QueuePort == 10001 && TablePort == 10002;

    /// <summary>The development storage connection string (with this process's ports; the standard one on 10000-10002).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};"
        + $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{Account};QueueEndpoint=http://127.0.0.1:{QueuePort}/{Account};TableEndpoint=http://127.0.0.1:{TablePort}/{Account};";

    public static async Task<AzuriteProcess> StartAsync(string repositoryRoot)
    {
        string lockDir = Path.Combine(repositoryRoot, "tests", "TestHelpers", "azurite");
        string packageJson = Path.Combine(lockDir, "package.json");
        string packageLock = Path.Combine(lockDir, "package-lock.json");
        if (!File.Exists(packageJson) || !File.Exists(packageLock))
        {
            throw new InvalidOperationException($"{lockDir} has no package.json + package-lock.json: the project pins Azurite there.");
        }

        string installDir = await InstallAsync(lockDir, packageJson, packageLock);
        string main = Path.Combine(installDir, "node_modules", "azurite", "dist", "src", "azurite.js");
        string version = ReadVersion(Path.Combine(installDir, "node_modules", "azurite", "package.json"));

        (int blob, int queue, int table) = PortsFree(10000, 10001, 10002) ? (10000, 10001, 10002) : (FreePort(), FreePort(), FreePort());
        string workDir = Directory.CreateTempSubdirectory("engine-bench-azurite-").FullName;
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
        {
            main,
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose",
        })
        {
            psi.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteProcess(process, workDir, output, blob, queue, table, version);
        try
        {
            foreach (int port in new[] { blob, queue, table })
            {
                await azurite.WaitForPortAsync(port, TimeSpan.FromSeconds(60));
            }
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    // The tests' install (tests/Activities.Tests/azurite/node_modules) when present; otherwise `npm ci` from a copy of
    // the lock file into a temp folder named by the lock's hash, so nothing is written into the repository.
    private static async Task<string> InstallAsync(string lockDir, string packageJson, string packageLock)
    {
        if (File.Exists(Path.Combine(lockDir, "node_modules", "azurite", "dist", "src", "azurite.js")))
        {
            return lockDir;
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(packageLock)))[..12];
        string dir = Path.Combine(Path.GetTempPath(), "mde-bench-azurite-" + hash);
        if (File.Exists(Path.Combine(dir, "node_modules", "azurite", "dist", "src", "azurite.js")))
        {
            return dir;
        }

        Directory.CreateDirectory(dir);
        File.Copy(packageJson, Path.Combine(dir, "package.json"), overwrite: true);
        File.Copy(packageLock, Path.Combine(dir, "package-lock.json"), overwrite: true);
        Console.WriteLine($"azure: npm ci in {dir} (the project's pinned Azurite)");
        var psi = new ProcessStartInfo("npm", "ci --no-audit --no-fund")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process npm = Process.Start(psi) ?? throw new InvalidOperationException("npm did not start.");
        Task<string> stdout = npm.StandardOutput.ReadToEndAsync();
        Task<string> stderr = npm.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await npm.WaitForExitAsync(timeout.Token);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {dir} failed ({npm.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return dir;
    }

    private static string ReadVersion(string packageJson)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(packageJson))?["version"]?.GetValue<string>() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private async Task WaitForPortAsync(int port, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode}:\n{Captured()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (clock.Elapsed < limit)
            {
                await Task.Delay(100);
            }
            catch (SocketException ex)
            {
                throw new InvalidOperationException($"Azurite did not listen on 127.0.0.1:{port} within {limit.TotalSeconds} s:\n{Captured()}", ex);
            }
        }
    }

    private string Captured()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static bool PortsFree(params int[] ports)
    {
        foreach (int port in ports)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
            }
            catch (SocketException)
            {
                return false;
            }
        }

        return true;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
