using System.Diagnostics;
using System.Reflection;

namespace MarketoExport.Bench.Export;

/// <summary>This benchmark re-invoked with a sub-command (<c>sim</c>, <c>land</c>) in its own process.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _readyPrefix;

    private ChildProcess(Process process, string readyPrefix)
    {
        _process = process;
        _readyPrefix = readyPrefix;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToList();
            }
        }
    }

    /// <summary>Starts the child; <paramref name="readyPrefix"/> is the stdout line prefix that <see cref="WaitReadyAsync"/> waits for.</summary>
    public static ChildProcess Start(IEnumerable<string> args, string readyPrefix)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            psi.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = psi };
        var child = new ChildProcess(process, readyPrefix);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"  [child {process.Id}] {e.Data}");
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            _ready.TrySetException(new InvalidOperationException($"child process ended before printing '{_readyPrefix}'"));
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }

        if (line.StartsWith(_readyPrefix, StringComparison.Ordinal))
        {
            _ready.TrySetResult(line[_readyPrefix.Length..].Trim());
        }
    }

    /// <summary>The rest of the ready line.</summary>
    public Task<string> WaitReadyAsync(TimeSpan timeout) => _ready.Task.WaitAsync(timeout);

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    public int ExitCode => _process.ExitCode;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close(); // children exit when stdin closes
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
