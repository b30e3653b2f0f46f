namespace MarketoExport.Cli;

/// <summary>Another process uses the state file (<c>--state</c>); the message names it, the owner and what to do.</summary>
public sealed class StateInUseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StateInUseException(string statePath, int? ownerProcessId, Exception? innerException = null)
        : base(
            $"--state (Export:State): '{statePath}' is in use by another marketo-export process "
            + (ownerProcessId is { } pid ? $"(PID {pid})" : "(its PID is not recorded)")
            + ". One `run`, `backfill` or `serve` uses a state file at a time: wait for it to finish or stop it, or give another --state.",
            innerException)
    {
        OwnerProcessId = ownerProcessId;
    }

    /// <summary>Creates the exception.</summary>
    public StateInUseException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public StateInUseException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StateInUseException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The owner's process id, when recorded.</summary>
    public int? OwnerProcessId { get; }
}
