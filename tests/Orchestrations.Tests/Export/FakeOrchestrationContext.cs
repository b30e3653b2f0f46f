using MarketoExport.Orchestrations.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketoExport.Orchestrations.Tests.Export;

/// <summary>
/// A minimal orchestration context for unit tests: activities and sub-orchestrations go to handlers, timers fire
/// at once and move the clock to their due time, retry policies are honoured (waits also move the clock).
/// </summary>
internal sealed class FakeOrchestrationContext : IOrchestrationContext
{
    private int _taskId;
    private int _guid;

    public FakeOrchestrationContext(DateTime now, string instanceId = "export-run")
    {
        CurrentUtcDateTime = now;
        InstanceId = instanceId;
    }

    public Func<string, object?, Task<object?>> Activity { get; set; } = (name, _) => throw new InvalidOperationException($"unexpected activity {name}");

    public Func<string, object?, TaskOptions?, Task<object?>> SubOrchestrator { get; set; } = (name, _, _) => throw new InvalidOperationException($"unexpected sub-orchestrator {name}");

    public List<(string Name, object? Input)> ActivityCalls { get; } = [];

    public List<DateTime> Timers { get; } = [];

    public List<object?> Statuses { get; } = [];

    public string Name => "test";

    public string InstanceId { get; }

    public DateTime CurrentUtcDateTime { get; private set; }

    public bool IsReplaying => false;

    public T? GetInput<T>() => default;

    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
        => (TResult)(await InvokeWithRetryAsync(name, input, options))!;

    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null)
        => InvokeWithRetryAsync(name, input, options);

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        Timers.Add(fireAt);
        if (fireAt > CurrentUtcDateTime)
        {
            CurrentUtcDateTime = fireAt;
        }

        return Task.CompletedTask;
    }

    public async Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        int id = ++_taskId;
        try
        {
            return (TResult)(await SubOrchestrator(name, input, options))!;
        }
        catch (Exception ex) when (ex is not TaskFailedException)
        {
            throw new TaskFailedException(name, id, TaskFailureDetails.FromException(ex));
        }
    }

    public Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public void SetCustomStatus(object? customStatus) => Statuses.Add(customStatus);

    public void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => throw new NotSupportedException();

    public Guid NewGuid() => new(++_guid, 0, 0, new byte[8]);

    public ILogger CreateReplaySafeLogger(string categoryName) => NullLogger.Instance;

    public static TaskFailedException Failure(string errorType, string message = "injected")
        => new("test", 0, new TaskFailureDetails(errorType, message));

    private async Task<object?> InvokeWithRetryAsync(string name, object? input, TaskOptions? options)
    {
        int id = ++_taskId;
        for (int attempt = 1; ; attempt++)
        {
            ActivityCalls.Add((name, input));
            try
            {
                return await Activity(name, input);
            }
            catch (Exception ex)
            {
                TaskFailureDetails details = ex is TaskFailedException tf ? tf.FailureDetails : TaskFailureDetails.FromException(ex);
                RetryPolicy? retry = options?.Retry;
                if (retry is null || attempt >= retry.MaxNumberOfAttempts || !(retry.HandleFailure?.Invoke(details) ?? true))
                {
                    throw new TaskFailedException(name, id, details);
                }

                CurrentUtcDateTime += retry.DelayBefore(attempt + 1);
            }
        }
    }
}
