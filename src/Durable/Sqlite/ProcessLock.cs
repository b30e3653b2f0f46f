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
