namespace MarketoExport.Activities.Checkpoints;

/// <summary>The checkpoint store cannot be used: missing, unreadable value, or a write Marketo rejected.</summary>
public sealed class CheckpointStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckpointStoreException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CheckpointStoreException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public CheckpointStoreException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
