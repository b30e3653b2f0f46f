namespace MarketoExport.Management.Runs;

/// <summary>What a start request did.</summary>
public enum StartRunOutcome
{
    /// <summary>A new run was scheduled.</summary>
    Started,

    /// <summary>A run is Pending, Running or Suspended; nothing was started.</summary>
    AlreadyRunning,
}
