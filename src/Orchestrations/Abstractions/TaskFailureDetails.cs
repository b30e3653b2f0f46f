namespace MarketoExport.Orchestrations.Abstractions;

/// <summary>
/// What crosses the boundary when an activity or sub-orchestration fails: the exception's type name and message,
/// never the exception object (as on Durable Functions).
/// </summary>
/// <param name="ErrorType">The full name of the exception type.</param>
/// <param name="ErrorMessage">The exception message.</param>
/// <param name="StackTrace">The stack trace, if any.</param>
/// <param name="InnerFailure">The inner failure, if any.</param>
public sealed record TaskFailureDetails(
    string ErrorType,
    string ErrorMessage,
    string? StackTrace = null,
    TaskFailureDetails? InnerFailure = null)
{
    /// <summary>True when the failure was caused by <typeparamref name="T"/> or a type derived from it.</summary>
    public bool IsCausedBy<T>() where T : Exception
    {
        Type? type = ResolveType(ErrorType);
        return type is not null ? typeof(T).IsAssignableFrom(type) : ErrorType == typeof(T).FullName;
    }

    /// <summary>Captures an exception (with its inner exceptions) as failure details.</summary>
    public static TaskFailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is TaskFailedException failed)
        {
            return failed.FailureDetails;
        }

        return new TaskFailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is null ? null : FromException(exception.InnerException));
    }

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
