namespace MarketoExport.Cli;

/// <summary>Process exit codes of the command line.</summary>
public static class ExitCodes
{
    /// <summary>Everything exported (or nothing was due); a check passed.</summary>
    public const int Success = 0;

    /// <summary>The command failed; the one-line reason is printed.</summary>
    public const int Failed = 1;

    /// <summary>Bad options or configuration; nothing was started. The message names the option or key and the fix.</summary>
    public const int BadOptions = 2;

    /// <summary>Stopped on Marketo's daily quota; the message says when it resumes.</summary>
    public const int QuotaExhausted = 3;

    /// <summary>Interrupted (Ctrl+C, SIGINT); the progress is kept and the same command resumes it.</summary>
    public const int Interrupted = 130;
}
