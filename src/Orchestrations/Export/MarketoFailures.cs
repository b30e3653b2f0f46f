using MarketoExport.Orchestrations.Abstractions;

namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// Classifies activity failures by exception type, the only thing that crosses the activity boundary. The
/// Marketo client's exception types are named here (Orchestrations does not reference the client); a test in the
/// Activities project asserts each name equals the real type's full name. Matching walks the resolved type's base
/// chain, so a subtype counts as its base, and the inner failures.
/// </summary>
public static class MarketoFailures
{
    /// <summary>Any Marketo error response (base type).</summary>
    public const string ApiError = "MarketoExport.Marketo.MarketoApiException";

    /// <summary>606 / 615: rate or concurrency limit.</summary>
    public const string Throttled = "MarketoExport.Marketo.MarketoThrottledException";

    /// <summary>607: daily call quota.</summary>
    public const string DailyQuotaExceeded = "MarketoExport.Marketo.MarketoDailyQuotaExceededException";

    /// <summary>1029: daily export quota.</summary>
    public const string ExportQuotaExceeded = "MarketoExport.Marketo.MarketoExportQuotaExceededException";

    /// <summary>1029: too many jobs in queue.</summary>
    public const string ExportQueueFull = "MarketoExport.Marketo.MarketoExportQueueFullException";

    /// <summary>1035: unsupported filter type for the subscription.</summary>
    public const string UnsupportedFilter = "MarketoExport.Marketo.MarketoUnsupportedFilterException";

    /// <summary>Token request rejected: bad client id or secret, or no API permission.</summary>
    public const string Authentication = "MarketoExport.Marketo.MarketoAuthenticationException";

    /// <summary>Non-success HTTP status (e.g. 5xx after the client's own retries).</summary>
    public const string Http = "MarketoExport.Marketo.MarketoHttpException";

    /// <summary>Marketo could not be reached (DNS, connect, timeout) after the client's own retries.</summary>
    public const string Unreachable = "MarketoExport.Marketo.MarketoUnreachableException";

    /// <summary>Full name of the checkpoint store's failure (Activities), matched by name like the Marketo types.</summary>
    public const string CheckpointStore = "MarketoExport.Activities.Checkpoints.CheckpointStoreException";

    /// <summary>True when the failure (or one of its inner failures) is of the named type or derives from it.</summary>
    public static bool IsCausedBy(TaskFailureDetails? failure, string typeFullName)
    {
        for (TaskFailureDetails? f = failure; f is not null; f = f.InnerFailure)
        {
            if (f.ErrorType == typeFullName)
            {
                return true;
            }

            for (Type? t = ResolveType(f.ErrorType)?.BaseType; t is not null; t = t.BaseType)
            {
                if (t.FullName == typeFullName)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True for a failure of the named type (see <see cref="IsCausedBy(TaskFailureDetails?, string)"/>).</summary>
    public static bool IsCausedBy(TaskFailedException exception, string typeFullName) => IsCausedBy(exception?.FailureDetails, typeFullName);

    /// <summary>
    /// Worth another attempt of the same call: throttling, transport trouble, 5xx, or a Marketo error that is
    /// none of the specific kinds the orchestrators branch on (the client already retried its transient codes).
    /// </summary>
    public static bool IsTransient(TaskFailureDetails failure)
    {
        // A missing, unreadable or refused checkpoint object is permanent (it needs `provision` or a fix), and so is a
        // Completed job's file that is gone (the window is exported again), even when they wrap the API or HTTP error
        // (1013, 404) that revealed them: retrying only delays the outcome by minutes at Marketo-paced backoff.
        if (IsCausedBy(failure, CheckpointStore) || IsCausedBy(failure, typeof(ExportFileMissingException).FullName!))
        {
            return false;
        }

        if (IsCausedBy(failure, Throttled) || IsCausedBy(failure, Unreachable) || IsCausedBy(failure, Http))
        {
            return true;
        }

        return IsCausedBy(failure, ApiError)
            && !IsCausedBy(failure, DailyQuotaExceeded) && !IsCausedBy(failure, ExportQuotaExceeded)
            && !IsCausedBy(failure, ExportQueueFull) && !IsCausedBy(failure, UnsupportedFilter)
            && !IsCausedBy(failure, Authentication);
    }

    /// <summary>A daily quota (export bytes or API calls) is used up.</summary>
    public static bool IsQuota(TaskFailureDetails? failure) => IsCausedBy(failure, DailyQuotaExceeded) || IsCausedBy(failure, ExportQuotaExceeded);

    /// <summary>Marketo is unreachable or refuses our credentials: the checkpoint cannot record it, so alert.</summary>
    public static bool NeedsAlert(TaskFailureDetails? failure) => IsCausedBy(failure, Unreachable) || IsCausedBy(failure, Authentication);

    private static Type? ResolveType(string fullName)
    {
        foreach (System.Reflection.Assembly assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            Type? type = assembly.GetType(fullName, throwOnError: false);
            if (type is not null)
            {
                return type;
            }
        }

        return null;
    }
}
