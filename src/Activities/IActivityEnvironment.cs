namespace MarketoExport.Activities;

/// <summary>
/// What the hosting runtime tells an activity beyond the SDK's <c>TaskActivityContext</c> (name and instance id): whether
/// this delivery of the work item is a redelivery, and a token that is cancelled when the host shuts down.
/// </summary>
public interface IActivityEnvironment
{
    /// <summary>
    /// 1 for the first delivery of this activity's work item, higher after a redelivery (the process died before the
    /// result was recorded), 0 when the runtime cannot tell (Azure Functions), which activities treat as a possible re-run.
    /// </summary>
    int DeliveryAttempt { get; }

    /// <summary>Cancelled when the host stops; a long download ends early and resumes when the work item runs again.</summary>
    CancellationToken Stopping { get; }
}
