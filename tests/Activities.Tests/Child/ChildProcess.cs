using System.Diagnostics;
using System.Text;

namespace MarketoExport.Activities.Tests.Child;

/// <summary>
/// This test assembly started as a program in a child process (<c>dotnet MarketoExport.Activities.Tests.dll …</c>, see
/// <see cref="DownloadChild"/>), with its stdout lines to wait on and <see cref="Kill"/>, a SIGKILL.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    /// <summary>How long any one wait on the child may take before the test fails (generous: a loaded 2-core machine).</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly StringBuilder _output = new();
    private readonly List<(string Line, TaskCompletionSource Seen)> _waiters = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process) => _process = process;

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

    public static ChildProcess Start(params string[] args)
    {
        string dll = typeof(DownloadChild).Assembly.Location;
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, stdout: false);
        process.Exited += (_, _) => child._exited.TrySetResult();
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {info.FileName} {dll}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until the child printed <paramref name="line"/> on stdout; fails when it exits first or takes too long.</summary>
    public Task WaitForLineAsync(string line)
    {
        TaskCompletionSource seen;
        lock (_output)
        {
            if (_lines.Contains(line))
            {
                return Task.CompletedTask;
            }

            seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((line, seen));
        }

        return WhileRunningAsync(seen.Task, $"the line '{line}'");
    }

    /// <summary>Waits for <paramref name="signal"/> (e.g. a simulator gate holding the child's request); fails when the child exits first or it takes too long.</summary>
    public async Task WhileRunningAsync(Task signal, string what)
    {
        Task first;
        try
        {
            first = await Task.WhenAny(signal, Exited).WaitAsync(Generous);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out after {Generous.TotalSeconds:0} s waiting for {what} from the child. Output:\n{Output}");
            throw;
        }

        if (first != signal)
        {
            await _process.WaitForExitAsync();
            Assert.Fail($"The child exited with code {_process.ExitCode} before {what}. Output:\n{Output}");
        }

        await signal;
    }

    /// <summary>SIGKILL (no clean-up of any kind runs in the child); returns once it is gone.</summary>
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

        if (!_process.WaitForExit((int)Generous.TotalMilliseconds))
        {
            throw new TimeoutException($"Child {_process.Id} did not die within {Generous.TotalSeconds:0} s of SIGKILL.");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void OnLine(string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (!stdout)
            {
                return;
            }

            _lines.Add(line);
            foreach ((string Line, TaskCompletionSource Seen) waiter in _waiters.Where(w => w.Line == line).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private static string DotnetHost()
    {
        // `dotnet test` sets DOTNET_HOST_PATH to the muxer running the tests; use the same one.
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        string? self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? self : "dotnet";
    }
}
