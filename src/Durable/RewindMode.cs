namespace MarketoExport.Durable;

/// <summary>How a Failed instance of an orchestration is rewound. Chosen per orchestration name.</summary>
public enum RewindMode
{
    /// <summary>
    /// Undo only the instance's last failure (an activity or sub-orchestration failure the orchestrator did not
    /// survive) and run that step again. Refused when the orchestrator scheduled anything after that failure.
    /// </summary>
    LastFailure = 0,

    /// <summary>
    /// Undo every failure and everything the orchestrator scheduled after the first one, then let it replay and
    /// schedule that work again. For coordinators whose steps (children) are idempotent, such as the export run.
    /// </summary>
    FromFirstFailure = 1,
}
