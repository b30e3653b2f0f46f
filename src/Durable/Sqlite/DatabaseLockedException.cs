namespace MarketoExport.Durable.Sqlite;

/// <summary>
/// Thrown when a <see cref="SqliteOrchestrationService"/> opens a database that another process (or another
/// service in this process) already owns.
/// </summary>
public sealed class DatabaseLockedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatabaseLockedException(string databasePath, int? ownerProcessId, Exception? innerException = null)
        : base(
            $"The durable task database '{databasePath}' is in use by another process " +
            (ownerProcessId is { } pid ? $"(process id {pid})" : "(owner process id unknown)") +
            ". Only one process may run orchestrations on a database: stop the other process, or use a different database file.",
            innerException)
    {
        DatabasePath = databasePath;
        OwnerProcessId = ownerProcessId;
    }

    /// <summary>The database file that is locked.</summary>
    public string DatabasePath { get; }

    /// <summary>The id of the owning process, when the database records it.</summary>
    public int? OwnerProcessId { get; }
}
