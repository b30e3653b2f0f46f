using MarketoExport.Durable.Sqlite;
using Microsoft.Data.Sqlite;

namespace MarketoExport.Cli;

/// <summary>
/// Whether another process uses the state file: the engine holds <c>&lt;state&gt;.lock</c> exclusively (a kernel lock,
/// dropped when the process dies). Checked before anything starts, so the refusal names <c>--state</c> and the owner
/// instead of failing after the simulator or a Marketo call; the engine's own lock still decides a race.
/// </summary>
public static class StateLock
{
    /// <summary>Throws when another process holds the state file.</summary>
    /// <exception cref="StateInUseException">Another process holds it.</exception>
    public static void ThrowIfHeld(string statePath)
    {
        ArgumentNullException.ThrowIfNull(statePath);
        string lockFile = statePath + ".lock";
        if (!File.Exists(lockFile))
        {
            return;
        }

        try
        {
            using var probe = new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException ex)
        {
            throw new StateInUseException(statePath, OwnerOf(statePath), ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CliOptionException($"--state (Export:State): '{statePath}' cannot be opened ({ex.Message}); give a state file you can write.", ex);
        }
    }

    /// <summary>The engine's refusal, in the command line's words.</summary>
    public static StateInUseException From(DatabaseLockedException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return new StateInUseException(ex.DatabasePath, ex.OwnerProcessId, ex);
    }

    /// <summary>The owner's process id, as the owner recorded it in the database.</summary>
    private static int? OwnerOf(string statePath)
    {
        if (!File.Exists(statePath))
        {
            return null;
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = statePath, Mode = SqliteOpenMode.ReadOnly }.ToString());
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
