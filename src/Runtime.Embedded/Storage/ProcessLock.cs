namespace MarketoExport.Runtime.Embedded.Storage;

/// <summary>
/// Exclusive ownership of a database: a lock file next to it opened with <see cref="FileShare.None"/> (an
/// exclusive <c>flock</c> on Linux). The operating system drops the lock when the process dies, even on SIGKILL.
/// </summary>
internal sealed class ProcessLock : IDisposable
{
    private readonly FileStream _stream;

    private ProcessLock(FileStream stream) => _stream = stream;

    public static ProcessLock Acquire(string databasePath)
    {
        string lockPath = databasePath + ".lock";
        try
        {
            var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            return new ProcessLock(stream);
        }
        catch (IOException ex)
        {
            throw new DatabaseLockedException(databasePath, SqliteStore.TryReadOwnerPid(databasePath), ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}
