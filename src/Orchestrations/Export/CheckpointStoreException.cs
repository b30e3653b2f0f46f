namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// The checkpoint store cannot be used: missing, unreadable value, or a write Marketo rejected. Thrown by the store in
/// Activities; defined here so orchestrators classify it with <c>TaskFailureDetails.IsCausedBy/// <summary>The checkpoint store cannot be used: missing, unreadable value, or a write Marketo rejected.</summary>lt;T/// <summary>The checkpoint store cannot be used: missing, unreadable value, or a write Marketo rejected.</summary>gt;()</c>.
/// </summary>
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
