namespace MarketoExport.Runtime.Embedded;

/// <summary>Thrown when another process (or another engine in this process) already owns the database.</summary>
public sealed class DatabaseLockedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatabaseLockedException(string databasePath, int? ownerProcessId, Exception? innerException = null)
        : base(
            $"The durable engine database '{databasePath}' is owned by another engine " +
            (ownerProcessId is { } pid ? $"(process id {pid})" : "(owner process id unknown)") +
            $". Only one process may run the engine on a database: stop the other process, or set DatabasePath to a different file.",
            innerException)
    {
        DatabasePath = databasePath;
        OwnerProcessId = ownerProcessId;
    }

    /// <summary>The database file that is locked.</summary>
    public string DatabasePath { get; }

    /// <summary>The id of the owning process, when known.</summary>
    public int? OwnerProcessId { get; }
}
