namespace MarketoExport.Host.Server;

/// <summary>What a start request did.</summary>
public enum StartRunOutcome
{
    /// <summary>A new run was scheduled.</summary>
    Started,

    /// <summary>The singleton run is already Pending, Running or Suspended; nothing was started.</summary>
    AlreadyRunning,

    /// <summary>The request was invalid; see <see cref="StartRunResult.Error"/>.</summary>
    Invalid,
}
