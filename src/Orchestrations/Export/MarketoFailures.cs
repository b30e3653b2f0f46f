using MarketoExport.Marketo.Errors;
using Microsoft.DurableTask;

namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// Classifies activity and sub-orchestration failures by exception type, the only thing that crosses the task
/// boundary, with <see cref="TaskFailureDetails.IsCausedBy{T}"/> (a subtype counts as its base). A failure of a
/// sub-orchestration arrives wrapped (its ErrorType is the SDK's <see cref="TaskFailedException"/>, the activity's
/// failure is its <see cref="TaskFailureDetails.InnerFailure"/>), so the chain of inner failures is searched too.
/// </summary>
public static class MarketoFailures
{
    /// <summary>True when the failure or one of its inner failures is a <typeparamref name="T"/> (or derives from it).</summary>
    public static bool IsCausedBy<T>(TaskFailureDetails? failure) where T : Exception
    {
        for (TaskFailureDetails? f = failure; f is not null; f = f.InnerFailure)
        {
            try
            {
                if (f.IsCausedBy<T>())
                {
                    return true;
                }
            }
            catch (System.Reflection.AmbiguousMatchException)
            {
                // The SDK resolves a type it cannot find in T's assembly by name across every loaded assembly; a framework
                // type present in several (System.Net.Http.HttpRequestException, SocketException) throws there. Our
                // types resolve in their own assembly first, so an ambiguous name is never one of them.
            }
        }

        return false;
    }

    /// <summary>
    /// Worth another attempt of the same call: throttling, transport trouble, 5xx, an interrupted download, or a Marketo error that is
    /// none of the specific kinds the orchestrators branch on (the client already retried its transient codes).
    /// </summary>
    public static bool IsTransient(TaskFailureDetails failure)
    {
        // A missing, unreadable or refused checkpoint object is permanent (it needs `provision` or a fix), and so is a
        // Completed job's file that is gone (the window is exported again), even when they wrap the API or HTTP error
        // (1013, 404) that revealed them: retrying only delays the outcome by minutes at Marketo-paced backoff.
        if (IsCausedBy<CheckpointStoreException>(failure) || IsCausedBy<ExportFileMissingException>(failure))
        {
            return false;
        }

        // An IOException is a download or landing interrupted (cut too often, its execution's time budget reached, a
        // concurrent commit): the next attempt resumes from the bytes already landed.
        if (IsCausedBy<MarketoThrottledException>(failure) || IsCausedBy<MarketoUnreachableException>(failure) || IsCausedBy<MarketoHttpException>(failure)
            || IsCausedBy<IOException>(failure))
        {
            return true;
        }

        return IsCausedBy<MarketoApiException>(failure)
            && !IsCausedBy<MarketoQuotaExceededException>(failure)
            && !IsCausedBy<MarketoExportQueueFullException>(failure)
            && !IsCausedBy<MarketoUnsupportedFilterException>(failure);
    }

    /// <summary>A daily quota (export bytes or API calls) is used up.</summary>
    public static bool IsQuota(TaskFailureDetails? failure) => IsCausedBy<MarketoQuotaExceededException>(failure);

    /// <summary>Marketo is unreachable or refuses our credentials: the checkpoint cannot record it, so alert.</summary>
    public static bool NeedsAlert(TaskFailureDetails? failure)
        => IsCausedBy<MarketoUnreachableException>(failure) || IsCausedBy<MarketoAuthenticationException>(failure);

    /// <summary>
    /// The failure's own message, without the SDK's wrapping ("Task 'X' (#n) failed with an unhandled exception: …")
    /// that a sub-orchestration's failure adds around its activity's failure.
    /// </summary>
    public static string Message(TaskFailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        TaskFailureDetails f = failure;
        while (f.InnerFailure is not null && f.IsCausedBy<TaskFailedException>())
        {
            f = f.InnerFailure;
        }

        return f.ErrorMessage;
    }
}
