namespace MarketoExport.Cli;

/// <summary>The command line's commands.</summary>
public enum HostCommand
{
    /// <summary>Print usage.</summary>
    Help,

    /// <summary>One export run in the foreground.</summary>
    Run,

    /// <summary>Create the checkpoint custom object.</summary>
    Provision,

    /// <summary>Print every object's checkpoint.</summary>
    Checkpoints,

    /// <summary>The local server: HTTP management API, schedule and status page.</summary>
    Serve,
}
