namespace MarketoExport.Durable;

/// <summary>
/// The error type of a parked work item: one that was dispatched the maximum number of times without completing
/// (its process died each time, or the orchestration turn kept failing inside the dispatcher). Orchestrators and
/// clients see it as <see cref="Microsoft.DurableTask.TaskFailureDetails"/> with this type, so
/// <c>details.IsCausedBy&lt;PoisonWorkItemException&gt;()</c> identifies it. It is never thrown by this library.
/// </summary>
public sealed class PoisonWorkItemException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PoisonWorkItemException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PoisonWorkItemException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public PoisonWorkItemException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
