namespace MarketoExport.Orchestrations.Abstractions;

/// <summary>The runtime status of an orchestration instance (the names Durable Functions uses).</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>Scheduled, not yet started.</summary>
    Pending,

    /// <summary>Started and not finished.</summary>
    Running,

    /// <summary>Finished with an output.</summary>
    Completed,

    /// <summary>Restarted with new input; transient.</summary>
    ContinuedAsNew,

    /// <summary>Finished with a failure.</summary>
    Failed,

    /// <summary>Stopped by a terminate request.</summary>
    Terminated,

    /// <summary>Paused by a suspend request.</summary>
    Suspended,
}
