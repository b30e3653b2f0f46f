namespace MarketoExport.Orchestrations.Abstractions;

/// <summary>Options for scheduling an activity or a sub-orchestration (Durable Task's <c>TaskOptions</c>).</summary>
/// <param name="Retry">The retry policy; null means one attempt.</param>
public record TaskOptions(RetryPolicy? Retry = null)
{
    /// <summary>Options carrying only a retry policy.</summary>
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);

    /// <summary>Sub-orchestration options with a fixed child instance id.</summary>
    public SubOrchestrationOptions WithInstanceId(string instanceId) => new(instanceId, Retry);
}

/// <summary>Options for a sub-orchestration: a fixed instance id and a retry policy.</summary>
public sealed record SubOrchestrationOptions(string? InstanceId = null, RetryPolicy? Retry = null) : TaskOptions(Retry);
