namespace MarketoExport.Activities;

/// <summary>
/// Thrown by the download activity when one execution reaches <see cref="ExportActivityOptions.MaxDownloadExecutionTime"/>
/// before the file is complete. The bytes landed so far are kept, and the next execution resumes from them. An
/// <see cref="IOException"/>, so the orchestrators' retry policy treats it as transient
/// (<c>MarketoFailures.IsTransient</c>).
/// </summary>
public sealed class DownloadBudgetExceededException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DownloadBudgetExceededException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DownloadBudgetExceededException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public DownloadBudgetExceededException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
