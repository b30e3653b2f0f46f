using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;

namespace MarketoExport.Orchestrations.Tests.Export;

/// <summary>
/// A Moq mock of the SDK's <see cref="TaskOrchestrationContext"/>, as the Durable Functions unit-testing docs show,
/// wired for scenario tests: activities and sub-orchestrations go to handlers (a scripted Marketo), timers complete at
/// once and move the clock to their due time, custom statuses are recorded.
/// </summary>
/// <remarks>
/// One piece of the runtime is emulated rather than mocked: a call's <see cref="TaskOptions.Retry"/> policy
/// (attempts, backoff moving the clock, <see cref="RetryPolicy.HandleFailure"/>), as DurableTask.Core applies it.
/// Without that, every test of a retried Marketo call would have to restate the policy's arithmetic. The policy the
/// orchestrators build is itself asserted in <c>ObjectExportOrchestratorTests</c>.
/// </remarks>
internal sealed class OrchestrationContextMock
{
    private int _taskId;

    public OrchestrationContextMock(DateTime now, string instanceId = "export-run")
    {
        Now = now;
        Mock = new Mock<TaskOrchestrationContext>(MockBehavior.Loose) { CallBase = true };
        Mock.SetupGet(c => c.InstanceId).Returns(instanceId);
        Mock.SetupGet(c => c.Name).Returns(new TaskName("test"));
        Mock.SetupGet(c => c.CurrentUtcDateTime).Returns(() => Now);
        Mock.SetupGet(c => c.IsReplaying).Returns(false);
        Mock.Protected().Setup<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        Mock.Setup(c => c.CallActivityAsync<It.IsAnyType>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(new InvocationFunc(invocation => CallActivity(invocation)));
        Mock.Setup(c => c.CallSubOrchestratorAsync<It.IsAnyType>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(new InvocationFunc(invocation => CallSubOrchestrator(invocation)));
        Mock.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns((DateTime fireAt, CancellationToken _) =>
            {
                Timers.Add(fireAt);
                if (fireAt > Now)
                {
                    Now = fireAt;
                }

                return Task.CompletedTask;
            });
        Mock.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback((object? status) => Statuses.Add(status));
    }

    public Mock<TaskOrchestrationContext> Mock { get; }

    public TaskOrchestrationContext Object => Mock.Object;

    public DateTime Now { get; private set; }

    /// <summary>Runs an activity by name; a thrown <see cref="TaskFailedException"/> is the activity's failure.</summary>
    public Func<string, object?, Task<object?>> Activity { get; set; } = (name, _) => throw new InvalidOperationException($"unexpected activity {name}");

    /// <summary>Runs a sub-orchestration by name; gets its input and options (with the instance id).</summary>
    public Func<string, object?, TaskOptions?, Task<object?>> SubOrchestrator { get; set; } = (name, _, _) => throw new InvalidOperationException($"unexpected sub-orchestrator {name}");

    public List<(string Name, object? Input)> ActivityCalls { get; } = [];

    /// <summary>Every activity call's options, in call order (one entry per call, not per retry).</summary>
    public List<(string Name, TaskOptions? Options)> ActivityOptions { get; } = [];

    public List<DateTime> Timers { get; } = [];

    public List<object?> Statuses { get; } = [];

    /// <summary>The failure an activity or sub-orchestration reports when it throws <typeparamref name="T"/>.</summary>
    public static TaskFailedException Failure<T>(string message = "injected") where T : Exception
        => new("test", 0, new TaskFailureDetails(typeof(T).FullName!, message, null, null, null));

    private object CallActivity(IInvocation invocation)
    {
        var name = (TaskName)invocation.Arguments[0];
        object? input = invocation.Arguments[1];
        var options = (TaskOptions?)invocation.Arguments[2];
        ActivityOptions.Add((name.Name, options));
        return Typed(invocation.Method.ReturnType, InvokeWithRetryAsync(name.Name, input, options));
    }

    private object CallSubOrchestrator(IInvocation invocation)
    {
        var name = (TaskName)invocation.Arguments[0];
        int id = ++_taskId;
        return Typed(invocation.Method.ReturnType, Wrap(name.Name, id, SubOrchestrator(name.Name, invocation.Arguments[1], (TaskOptions?)invocation.Arguments[2])));
    }

    private static async Task<object?> Wrap(string name, int id, Task<object?> inner)
    {
        try
        {
            return await inner;
        }
        catch (Exception ex) when (ex is not TaskFailedException)
        {
            throw new TaskFailedException(name, id, TaskFailureDetails.FromException(ex));
        }
    }

    private async Task<object?> InvokeWithRetryAsync(string name, object? input, TaskOptions? options)
    {
        int id = ++_taskId;
        RetryPolicy? retry = options?.Retry?.Policy;
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
                if (retry is null || attempt >= retry.MaxNumberOfAttempts || !retry.Handle(AsCoreFailure(details)))
                {
                    throw new TaskFailedException(name, id, details);
                }

                double ticks = retry.FirstRetryInterval.Ticks * Math.Pow(retry.BackoffCoefficient, attempt - 1);
                Now += TimeSpan.FromTicks((long)Math.Min(ticks, retry.MaxRetryInterval.Ticks));
            }
        }
    }

    // The runtime asks the policy with DurableTask.Core's exception, which carries Core's failure details.
    private static global::DurableTask.Core.Exceptions.TaskFailedException AsCoreFailure(TaskFailureDetails details)
        => new(details.ErrorMessage) { FailureDetails = ToCore(details) };

    private static global::DurableTask.Core.FailureDetails? ToCore(TaskFailureDetails? details) => details is null
        ? null
        : new(details.ErrorType, details.ErrorMessage, details.StackTrace, ToCore(details.InnerFailure), isNonRetriable: false);

    // Moq hands the generic method's closed return type (Task<T>); turn the untyped result into it.
    private static object Typed(Type returnType, Task<object?> untyped)
    {
        Type result = returnType.IsGenericType ? returnType.GetGenericArguments()[0] : typeof(object);
        return typeof(OrchestrationContextMock).GetMethod(nameof(Cast), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(result).Invoke(null, [untyped])!;
    }

    private static async Task<T> Cast<T>(Task<object?> untyped) => (T)(await untyped)!;
}
