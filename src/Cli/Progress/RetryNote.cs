using DurableTask.Core.History;
using Microsoft.DurableTask.Client;

namespace MarketoExport.Cli.Progress;

/// <summary>
/// An object export that is retrying a step, read from its orchestration history: which step failed, how often in a
/// row, why, and when the next attempt is due. Retries happen on durable timers and change nothing in the custom
/// status, so without this a Marketo that cannot be reached looks like minutes of silence.
/// </summary>
/// <param name="Step">The step (activity name without the "Activity" suffix), e.g. <c>ReadCheckpoint</c>.</param>
/// <param name="Attempt">The attempt that comes next (2 after the first failure).</param>
/// <param name="Cause">The last failure's message.</param>
/// <param name="NextAttemptAt">When the next attempt is due, if a retry timer is pending.</param>
/// <param name="FailedAt">When the last attempt failed (identifies it).</param>
public sealed record RetryNote(string Step, int Attempt, string Cause, DateTime? NextAttemptAt, DateTime FailedAt)
{
    /// <summary>The note of the instance's history, or null when its latest failure was followed by a success (or there is none).</summary>
    public static async Task<RetryNote?> ReadAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        IList<HistoryEvent> history;
        try
        {
            history = await client.GetOrchestrationHistoryAsync(instanceId, cancellationToken);
        }
        catch (NotSupportedException)
        {
            return null;
        }

        return From(history);
    }

    /// <summary>The note of a history, or null.</summary>
    public static RetryNote? From(IList<HistoryEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var names = new Dictionary<int, string>();
        TaskFailedEvent? failure = null;
        int failureIndex = -1;
        int failuresInARow = 0;
        for (int i = 0; i < history.Count; i++)
        {
            switch (history[i])
            {
                case TaskScheduledEvent scheduled:
                    names[scheduled.EventId] = scheduled.Name ?? "?";
                    break;
                case TaskFailedEvent failed:
                    string name = names.GetValueOrDefault(failed.TaskScheduledId, "?");
                    failuresInARow = failure is not null && names.GetValueOrDefault(failure.TaskScheduledId) == name ? failuresInARow + 1 : 1;
                    failure = failed;
                    failureIndex = i;
                    break;
                case TaskCompletedEvent completed when failure is not null
                    && names.GetValueOrDefault(completed.TaskScheduledId) == names.GetValueOrDefault(failure.TaskScheduledId):
                    failure = null;
                    failuresInARow = 0;
                    break;
                case ExecutionCompletedEvent:
                    return null;
            }
        }

        if (failure is null)
        {
            return null;
        }

        var pending = new Dictionary<int, DateTime>();
        for (int i = failureIndex + 1; i < history.Count; i++)
        {
            switch (history[i])
            {
                case TimerCreatedEvent created:
                    pending[created.EventId] = created.FireAt;
                    break;
                case TimerFiredEvent fired:
                    pending.Remove(fired.TimerId);
                    break;
            }
        }

        string step = names.GetValueOrDefault(failure.TaskScheduledId, "?");
        if (step.EndsWith("Activity", StringComparison.Ordinal))
        {
            step = step[..^"Activity".Length];
        }

        string cause = (failure.FailureDetails?.ErrorMessage ?? failure.Reason ?? "no reason given").ReplaceLineEndings(" ");
        return new RetryNote(step, failuresInARow + 1, cause, pending.Count > 0 ? pending.Values.Max() : null, failure.Timestamp);
    }
}
