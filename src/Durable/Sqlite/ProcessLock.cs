using Microsoft.Data.Sqlite;

namespace MarketoExport.Durable.Sqlite;

/// <summary>
/// Exclusive ownership of a database: <c>&lt;database&gt;.lock</c> opened with <see cref="FileShare.None"/>, an
/// exclusive <c>flock</c> on Linux that the kernel drops when the process dies, even on SIGKILL.
/// </summary>
internal sealed class ProcessLock : IDisposable
{
    private readonly FileStream _stream;

    private ProcessLock(FileStream stream) => _stream = stream;

    public static ProcessLock Acquire(string databasePath)
    {
        try
        {
            var stream = new FileStream(databasePath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            return new ProcessLock(stream);
        }
        catch (IOException ex)
        {
            throw new DatabaseLockedException(databasePath, TryReadOwnerPid(databasePath), ex);
        }
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>
    /// Throws when another owner holds the database's lock; creates nothing (no lock file: nobody holds it).
    /// A caller checks this before starting what it would otherwise stop half-way; <see cref="Acquire"/> still decides a race.
    /// </summary>
    /// <exception cref="DatabaseLockedException">Another owner holds the lock.</exception>
    /// <exception cref="UnauthorizedAccessException">The lock file cannot be opened for writing.</exception>
    public static void ThrowIfHeld(string databasePath)
    {
        string lockFile = databasePath + ".lock";
        if (!File.Exists(lockFile))
        {
            return;
        }

        try
        {
            using var probe = new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException ex) when (ex is not FileNotFoundException)
        {
            throw new DatabaseLockedException(databasePath, TryReadOwnerPid(databasePath), ex);
        }
    }

    /// <summary>The owner's process id as the owner recorded it in the database, read by a process refused the lock.</summary>
    private static int? TryReadOwnerPid(string databasePath)
    {
        try
        {
            using var connection = new SqliteConnection(SqliteDatabase.ConnectionString(databasePath, readOnly: true));
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT pid FROM owner WHERE id = 1";
            return command.ExecuteScalar() is long pid ? (int)pid : null;
        }
        catch (SqliteException)
        {
            return null;
        }
    }
}
