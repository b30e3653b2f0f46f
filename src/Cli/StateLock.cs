using MarketoExport.Durable.Sqlite;

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
        try
        {
            SqliteOrchestrationService.ThrowIfInUse(statePath);
        }
        catch (DatabaseLockedException ex)
        {
            throw From(ex);
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
}
