using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace MarketoExport.AzureStorage.Tests.ScaleOut;

/// <summary>
/// <c>dotnet marketo-export.dll …</c> as a child process, from this test project's output folder (the Host is a
/// project reference, so its dll and runtimeconfig are copied here). Output lines are captured and can be awaited
/// (<see cref="WaitForLineAsync"/>); <see cref="Kill"/> is a SIGKILL of the process tree.
/// </summary>
internal sealed class HostChild : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Seen)> _waiters = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _lines = [];
    private int _disposed;

    private HostChild(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>The test's name for this child (in failure messages).</summary>
    public string Name { get; }

    /// <summary>Completes when the child has exited.</summary>
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

    public static HostChild Start(string name, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "marketo-export.dll");
        if (!File.Exists(dll) || !File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
        {
            throw new InvalidOperationException($"marketo-export.dll or its runtimeconfig.json is missing from {AppContext.BaseDirectory}; rebuild this test project (it references src/Cli).");
        }

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
        info.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        // Nothing of the test runner's own configuration may leak into the child.
        string[] sections = ["Marketo__", "Export__", "Server__", "Durable__", "Landing__"];
        foreach (string key in info.Environment.Keys.Where(k => sections.Any(s => k.StartsWith(s, StringComparison.OrdinalIgnoreCase))).ToList())
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
        var child = new HostChild(process, name);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Exited += (_, _) => child._exited.TrySetResult();
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {info.FileName} {dll}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Waits for an output line matching <paramref name="pattern"/> (also one already written); fails with the
    /// output when the child exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task<Match> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        var seen = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            Match? earlier = _lines.Select(l => regex.Match(l)).FirstOrDefault(m => m.Success);
            if (earlier is not null)
            {
                return earlier;
            }

            _waiters.Add((regex, seen));
        }

        Task first = await Task.WhenAny(seen.Task, Exited, Task.Delay(timeout));
        if (first == seen.Task)
        {
            return await seen.Task;
        }

        string why = first == Exited ? "exited" : $"wrote nothing matching within {timeout.TotalSeconds:0} s";
        throw new Xunit.Sdk.XunitException($"{Name} {why} (waiting for /{pattern}/). Output:\n{Output}");
    }

    /// <summary>Waits for a normal exit; fails with the output after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        if (await Task.WhenAny(Exited, Task.Delay(timeout)) != Exited)
        {
            Kill();
            throw new Xunit.Sdk.XunitException($"{Name} did not finish within {timeout.TotalSeconds:0} s; killed it. Output:\n{Output}");
        }

        await _process.WaitForExitAsync();
        return _process.ExitCode;
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
            throw new TimeoutException($"{Name} (pid {_process.Id}) did not die within 30 s of SIGKILL.");
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

        List<(TaskCompletionSource<Match> Seen, Match Match)> matched = [];
        lock (_output)
        {
            _output.AppendLine(line);
            _lines.Add(line);
            foreach ((Regex pattern, TaskCompletionSource<Match> seen) in _waiters.ToList())
            {
                Match m = pattern.Match(line);
                if (m.Success)
                {
                    matched.Add((seen, m));
                    _waiters.Remove((pattern, seen));
                }
            }
        }

        matched.ForEach(x => x.Seen.TrySetResult(x.Match));
    }

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
}
