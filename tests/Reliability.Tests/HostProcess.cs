using System.Diagnostics;
using System.Text;

namespace MarketoExport.Reliability.Tests;

/// <summary>
/// The command line as a child process: <c>dotnet marketo-export.dll …</c> from this test project's output folder
/// (the Host is a project reference, so its dll, deps and runtimeconfig are copied next to the tests).
/// stdout and stderr are captured; <see cref="Kill"/> is a SIGKILL of the whole process tree.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _disposed;

    private HostProcess(Process process) => _process = process;

    /// <summary>Absolute path of <c>marketo-export.dll</c>; fails with the fix when the build did not copy it.</summary>
    public static string HostDll { get; } = ResolveHostDll();

    public int Id => _process.Id;

    /// <summary>Task that completes when the child has exited (killed or not).</summary>
    public Task Exited => _exited.Task;

    /// <summary>Everything the child wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static HostProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(HostDll);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        // Nothing of the test runner's own configuration may leak into the child.
        foreach (string key in info.Environment.Keys.Where(k => k.StartsWith("Marketo__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Export__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Server__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach ((string key, string value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new HostProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Exited += (_, _) => child._exited.TrySetResult();
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {info.FileName} {HostDll}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for a normal exit; fails with the child's output when it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"The child `run` did not finish within {timeout.TotalSeconds:0} s; killed it. Output:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGINT to the child, as Ctrl+C in a terminal sends it.</summary>
    public void Interrupt()
    {
        if (Kill(_process.Id, SigInt) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGINT) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>SIGKILL of the child and everything it started; returns once it is gone.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        if (!_process.WaitForExit(30_000))
        {
            throw new TimeoutException($"Child {_process.Id} did not die within 30 s of SIGKILL.");
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private const int SigInt = 2;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static string DotnetHost()
    {
        // `dotnet test` sets DOTNET_HOST_PATH to the muxer that runs the tests; use the same one.
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        string? self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? self : "dotnet";
    }

    private static string ResolveHostDll()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "marketo-export.dll");
        string runtimeConfig = Path.ChangeExtension(dll, ".runtimeconfig.json");
        if (!File.Exists(dll) || !File.Exists(runtimeConfig))
        {
            throw new InvalidOperationException(
                $"marketo-export.dll or its runtimeconfig.json is missing from {AppContext.BaseDirectory}; "
                + "tests/Reliability.Tests references src/Cli so the build copies them: rebuild the test project.");
        }

        return dll;
    }
}
