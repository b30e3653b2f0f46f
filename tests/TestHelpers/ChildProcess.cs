using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Sdk;

namespace MarketoExport.TestHelpers;

/// <summary>
/// A program a test runs as a child process (the built CLI, a test assembly as a program, curl, node, npm): its stdout
/// and stderr lines are captured and can be awaited, waits are bounded and fail with the output, <see cref="Interrupt"/>
/// is Ctrl+C (SIGINT) and <see cref="Kill"/> a SIGKILL of the whole process tree. Nothing of the test runner's own
/// configuration (<c>Marketo__</c>, <c>Export__</c>, … variables) reaches the child, and its standard input is empty.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    /// <summary>The configuration sections of this project's programs; variables for them are the test's to give.</summary>
    private static readonly string[] OwnSections = ["Marketo__", "Export__", "Server__", "Durable__", "Landing__"];

    /// <summary>A bound on waiting for a killed child to be gone (SIGKILL is immediate; a loaded 2-core machine is slow).</summary>
    private static readonly TimeSpan KillBound = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<string> _lines = [];
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Seen)> _waiters = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>The <c>marketo-export.dll</c> built next to the tests (a project reference to src/Cli copies it, its deps and runtimeconfig).</summary>
    public static string BuiltCli
    {
        get
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "marketo-export.dll");
            if (!File.Exists(dll) || !File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
            {
                throw new InvalidOperationException(
                    $"marketo-export.dll or its runtimeconfig.json is missing from {AppContext.BaseDirectory}; the test project must reference src/Cli: rebuild it.");
            }

            return dll;
        }
    }

    /// <summary>The test's name for the child, in failure messages.</summary>
    public string Name { get; }

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Completes when the child has exited, killed or not.</summary>
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

    /// <summary>The <c>dotnet</c> host running the tests (<c>dotnet test</c> sets DOTNET_HOST_PATH), so a child runs on the same runtime.</summary>
    public static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        string? self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? self : "dotnet";
    }

    /// <summary>Starts <c>marketo-export</c> (<see cref="BuiltCli"/>) with <paramref name="args"/>.</summary>
    /// <param name="workingDirectory">Where it runs (relative paths in its arguments resolve there).</param>
    /// <param name="environment">Its configuration (e.g. <c>Marketo__BaseUrl</c>), on top of the runner's environment without this project's sections.</param>
    /// <param name="args">The command line.</param>
    /// <param name="name">The test's name for it, in failure messages.</param>
    public static ChildProcess StartCli(string workingDirectory, IReadOnlyDictionary<string, string>? environment, IReadOnlyList<string> args, string name = "marketo-export")
        => Start(DotnetHost(), [BuiltCli, .. args], workingDirectory, environment, name);

    /// <summary>Starts the .NET program <paramref name="dll"/> on the runtime running the tests.</summary>
    public static ChildProcess StartDotnet(string dll, IReadOnlyList<string> args, string? name = null)
        => Start(DotnetHost(), [dll, .. args], workingDirectory: null, environment: null, name ?? Path.GetFileNameWithoutExtension(dll));

    /// <summary>Starts <paramref name="fileName"/> (a path, or a program on the PATH).</summary>
    public static ChildProcess Start(string fileName, IReadOnlyList<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (string key in info.Environment.Keys.Where(k => OwnSections.Any(s => k.StartsWith(s, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, name ?? Path.GetFileName(fileName));
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) => child._exited.TrySetResult();
        try
        {
            if (!process.Start())
            {
                throw new InvalidOperationException($"Could not start {fileName}.");
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start {fileName}: {ex.Message}; is it installed and on the PATH?", ex);
        }

        // An empty standard input: a child that reads it gets end-of-file at once instead of waiting on the test.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Waits until the child writes a line matching <paramref name="pattern"/> (also one it already wrote) and returns the
    /// match; fails with its output when it exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public Task<Match> WaitForLineAsync(string pattern, TimeSpan timeout)
        => WaitForLineAsync(new Regex(pattern, RegexOptions.CultureInvariant), $"a line matching /{pattern}/", timeout);

    /// <summary>Waits until the child writes the line <paramref name="line"/> exactly; fails as <see cref="WaitForLineAsync(string, TimeSpan)"/> does.</summary>
    public Task WaitForExactLineAsync(string line, TimeSpan timeout)
        => WaitForLineAsync(new Regex("^" + Regex.Escape(line) + "$", RegexOptions.CultureInvariant), $"the line '{line}'", timeout);

    /// <summary>Waits until the child writes a line containing <paramref name="text"/>; fails as <see cref="WaitForLineAsync(string, TimeSpan)"/> does.</summary>
    public Task WaitForTextAsync(string text, TimeSpan timeout)
        => WaitForLineAsync(new Regex(Regex.Escape(text), RegexOptions.CultureInvariant), $"'{text}'", timeout);

    /// <summary>
    /// Waits for <paramref name="signal"/> (e.g. a simulator gate holding the child's request); fails with the child's
    /// output when the child exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task WhileRunningAsync(Task signal, string what, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(signal);
        Task first;
        try
        {
            first = await Task.WhenAny(signal, Exited).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new XunitException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what} from {Name}. Output:\n{Output}");
        }

        if (first != signal)
        {
            await _process.WaitForExitAsync();
            throw new XunitException($"{Name} exited with code {_process.ExitCode} before {what}. Output:\n{Output}");
        }

        await signal;
    }

    /// <summary>Waits for the child to exit and returns its exit code; after <paramref name="timeout"/> kills it and fails with its output.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await Exited.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not finish within {timeout.TotalSeconds:0} s; killed it. Output:\n{Output}");
        }

        await _process.WaitForExitAsync(); // the output read to its end
        return _process.ExitCode;
    }

    /// <summary>SIGINT to the child, as Ctrl+C in a terminal sends it.</summary>
    public void Interrupt()
    {
        if (SendSignal(_process.Id, SigInt) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGINT) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>SIGKILL of the child and everything it started (no clean-up of any kind runs in it); returns once it is gone.</summary>
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

        if (!_process.WaitForExit(KillBound))
        {
            throw new TimeoutException($"{Name} (pid {_process.Id}) did not die within {KillBound.TotalSeconds:0} s of SIGKILL.");
        }
    }

    /// <summary>Kills the child if it still runs.</summary>
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

    private async Task<Match> WaitForLineAsync(Regex pattern, string what, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            Match? earlier = _lines.Select(l => pattern.Match(l)).FirstOrDefault(m => m.Success);
            if (earlier is not null)
            {
                return earlier;
            }

            _waiters.Add((pattern, seen));
        }

        Task first;
        try
        {
            first = await Task.WhenAny(seen.Task, Exited).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new XunitException($"{Name} wrote no {what} within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }

        if (first != seen.Task)
        {
            // It exited: its last lines may still be on their way from the pipe.
            await _process.WaitForExitAsync();
            if (!seen.Task.IsCompleted)
            {
                throw new XunitException($"{Name} exited with code {_process.ExitCode} before writing {what}. Output:\n{Output}");
            }
        }

        return await seen.Task;
    }

    private void OnLine(string? line)
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

    private const int SigInt = 2;

#pragma warning disable SYSLIB1054 // DllImport: LibraryImport would need unsafe code in this project for one call.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
#pragma warning restore SYSLIB1054
}
