using Microsoft.Extensions.Logging;
using Durable = Microsoft.DurableTask;
using Ours = MarketoExport.Orchestrations.Abstractions;

namespace MarketoExport.FunctionApp;

/// <summary>
/// Presents Durable Functions' <see cref="Durable.TaskOrchestrationContext"/> as the project's
/// <see cref="Ours.IOrchestrationContext"/>. Every member forwards one to one; the only translation is of the
/// option and failure types, which have the same shape on both sides.
/// </summary>
public sealed class TaskOrchestrationContextAdapter(Durable.TaskOrchestrationContext inner) : Ours.IOrchestrationContext
{
    /// <inheritdoc />
    public string Name => inner.Name.Name;

    /// <inheritdoc />
    public string InstanceId => inner.InstanceId;

    /// <inheritdoc />
    public DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

    /// <inheritdoc />
    public bool IsReplaying => inner.IsReplaying;

    /// <inheritdoc />
    public T? GetInput<T>() => inner.GetInput<T>();

    /// <inheritdoc />
    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, Ours.TaskOptions? options = null)
    {
        try
        {
            return await inner.CallActivityAsync<TResult>(name, input, ToDurable(options));
        }
        catch (Durable.TaskFailedException ex)
        {
            throw ToOurs(ex);
        }
    }

    /// <inheritdoc />
    public async Task CallActivityAsync(string name, object? input = null, Ours.TaskOptions? options = null)
    {
        try
        {
            await inner.CallActivityAsync(name, input, ToDurable(options));
        }
        catch (Durable.TaskFailedException ex)
        {
            throw ToOurs(ex);
        }
    }

    /// <inheritdoc />
    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => inner.CreateTimer(fireAt, cancellationToken);

    /// <inheritdoc />
    public async Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, Ours.TaskOptions? options = null)
    {
        try
        {
            return await inner.CallSubOrchestratorAsync<TResult>(name, input, ToDurable(options));
        }
        catch (Durable.TaskFailedException ex)
        {
            throw ToOurs(ex);
        }
    }

    /// <inheritdoc />
    public Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
        => inner.WaitForExternalEvent<T>(eventName, cancellationToken);

    /// <inheritdoc />
    public void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

    /// <inheritdoc />
    public void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
        => inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    /// <inheritdoc />
    public Guid NewGuid() => inner.NewGuid();

    /// <inheritdoc />
    public ILogger CreateReplaySafeLogger(string categoryName) => inner.CreateReplaySafeLogger(categoryName);

    /// <summary>Our options → Durable's: a sub-orchestration keeps its fixed instance id; the retry policy maps field for field.</summary>
    internal static Durable.TaskOptions? ToDurable(Ours.TaskOptions? options) => options switch
    {
        null => null,
        Ours.SubOrchestrationOptions sub => new Durable.SubOrchestrationOptions(ToDurableRetry(sub.Retry), sub.InstanceId),
        _ => new Durable.TaskOptions(ToDurableRetry(options.Retry)),
    };

    private static Durable.TaskRetryOptions? ToDurableRetry(Ours.RetryPolicy? policy) => policy is null
        ? null
        : new Durable.TaskRetryOptions(new Durable.RetryPolicy(
            policy.MaxNumberOfAttempts,
            policy.FirstRetryInterval,
            policy.BackoffCoefficient,
            policy.MaxRetryInterval,
            policy.RetryTimeout)
        {
            // Durable asks the predicate with its failure details; ours is asked with the same details in our type.
            HandleFailure = failure => policy.HandleFailure?.Invoke(ToOurs(failure)) ?? true,
        });

    /// <summary>Durable's failed-task exception → ours, which is what orchestrator code catches.</summary>
    internal static Ours.TaskFailedException ToOurs(Durable.TaskFailedException exception)
        => new(exception.TaskName, exception.TaskId, ToOurs(exception.FailureDetails));

    /// <summary>
    /// Durable's failure details → ours. Older worker extensions reported an activity's exception wrapped in an
    /// <see cref="AggregateException"/> (microsoft/durabletask-dotnet#155, Azure/azure-functions-durable-extension#3050);
    /// such a wrapper is skipped so that <c>IsCausedBy</c> sees the activity's own exception type.
    /// </summary>
    internal static Ours.TaskFailureDetails ToOurs(Durable.TaskFailureDetails details)
    {
        if (details.ErrorType == typeof(AggregateException).FullName && details.InnerFailure is { } inner)
        {
            return ToOurs(inner);
        }

        return new Ours.TaskFailureDetails(
            details.ErrorType,
            details.ErrorMessage,
            details.StackTrace,
            details.InnerFailure is null ? null : ToOurs(details.InnerFailure));
    }
}
