namespace MarketoExport.Cli;

/// <summary>The commands of <c>marketo-export</c>.</summary>
public enum CliCommand
{
    /// <summary>One export run in the foreground.</summary>
    Run,

    /// <summary>A past range of one object, beside its normal checkpoint.</summary>
    Backfill,

    /// <summary>The local server: HTTP management API, schedule and status page.</summary>
    Serve,

    /// <summary>Create the checkpoint custom object.</summary>
    Provision,

    /// <summary>Print the configured objects' checkpoints.</summary>
    Checkpoints,

    /// <summary>Move one object's high-water mark.</summary>
    CheckpointsSet,

    /// <summary>Clear one object's checkpoint (its next run starts from <c>--since</c>).</summary>
    CheckpointsReset,

    /// <summary>Check credentials, permissions, the checkpoint object and the quotas.</summary>
    Check,

    /// <summary>List what can be exported: objects, fields, activity types.</summary>
    Discover,
}
