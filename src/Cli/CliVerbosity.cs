namespace MarketoExport.Cli;

/// <summary>How much a command prints.</summary>
public enum CliVerbosity
{
    /// <summary><c>--quiet</c>: errors and the one-line result only.</summary>
    Quiet,

    /// <summary>Progress, the summary and notes.</summary>
    Normal,

    /// <summary><c>--verbose</c>: also the log lines (Information and up) on standard error.</summary>
    Verbose,
}
