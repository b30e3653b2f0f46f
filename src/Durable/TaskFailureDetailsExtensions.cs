using Microsoft.DurableTask;

namespace MarketoExport.Durable;

/// <summary>Helpers for <see cref="TaskFailureDetails"/> chains.</summary>
public static class TaskFailureDetailsExtensions
{
    /// <summary>
    /// True when the failure or any of its inner failures is of type <typeparamref name="T"/>. Use it across
    /// sub-orchestrations: a child that fails because an activity failed reports a
    /// <see cref="TaskFailedException"/> whose <see cref="TaskFailureDetails.InnerFailure"/> is the activity's
    /// exception, so <see cref="TaskFailureDetails.IsCausedBy{T}"/> on the parent's failure alone does not see it.
    /// </summary>
    public static bool HasCause<T>(this TaskFailureDetails? details)
        where T : Exception
    {
        for (; details is not null; details = details.InnerFailure)
        {
            if (details.IsCausedBy<T>())
            {
                return true;
            }
        }

        return false;
    }
}
