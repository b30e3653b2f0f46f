namespace MarketoExport.Runtime.Embedded;

/// <summary>
/// The failure recorded for a work item (an activity task or an orchestration turn) that was dispatched
/// <see cref="EmbeddedEngineOptions.MaxDispatchAttempts"/> times without completing and was parked.
/// Orchestrators see it as a <c>TaskFailedException</c> whose details are caused by this type.
/// </summary>
public sealed class PoisonWorkItemException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PoisonWorkItemException(string message)
        : base(message)
    {
    }
}
