namespace MarketoExport.Durable.AzureStorage;

/// <summary>
/// Holds <c>&lt;folder&gt;/durable-worker.lock</c> open with <see cref="FileShare.None"/> (an exclusive <c>flock</c> on
/// Linux, dropped by the kernel when the process dies, even on SIGKILL), so two processes that derive their worker id
/// from one state folder cannot run at once, while a restarted process gets the lock, and its id, back at once.
/// </summary>
public sealed class WorkerIdLock : IDisposable
{
    /// <summary>The lock file's name.</summary>
    public const string FileName = "durable-worker.lock";

    private readonly FileStream _stream;

    private WorkerIdLock(FileStream stream, string path, string workerId)
    {
        _stream = stream;
        LockPath = path;
        WorkerId = workerId;
    }

    /// <summary>The lock file.</summary>
    public string LockPath { get; }

    /// <summary>The worker id the lock protects.</summary>
    public string WorkerId { get; }

    /// <summary>Takes the lock in <paramref name="directory"/> (created if missing).</summary>
    /// <exception cref="WorkerIdInUseException">Another live process holds it.</exception>
    public static WorkerIdLock Acquire(string directory, string workerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        Directory.CreateDirectory(directory);
        string path = Path.Combine(Path.GetFullPath(directory), FileName);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            return new WorkerIdLock(stream, path, workerId);
        }
        catch (IOException ex)
        {
            throw new WorkerIdInUseException(workerId, path, ex);
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();
}
