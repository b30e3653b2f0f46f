namespace MarketoExport.Durable;

/// <summary>
/// The error type a parent sees when a sub-orchestration it waits for is terminated: DurableTask.Core reports that
/// failure without details, and the provider adds them, so <c>details.IsCausedBy&lt;OrchestrationTerminatedException&gt;()</c>
/// identifies it. It is never thrown by this library.
/// </summary>
public sealed class OrchestrationTerminatedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OrchestrationTerminatedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OrchestrationTerminatedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public OrchestrationTerminatedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
