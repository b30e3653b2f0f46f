using DurableTask.Core;
using DurableTask.Core.Exceptions;
using CoreTaskFailedException = DurableTask.Core.Exceptions.TaskFailedException;
using TaskFailedException = Microsoft.DurableTask.TaskFailedException;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace MarketoExport.Durable.Worker;

/// <summary>
/// Looks up orchestrations and activities by name only, case-insensitively (SDK task names are), ignoring the
/// version DurableTask.Core passes. An unregistered name gets a stand-in that fails the task with a clear
/// message, instead of Core's TypeMissingException (which backs the whole dispatcher off for 10 s per try).
/// </summary>
internal sealed class NameOnlyObjectManager<T>(Func<string, T> missing) : INameVersionObjectManager<T>
{
    private readonly Dictionary<string, ObjectCreator<T>> _creators = new(StringComparer.OrdinalIgnoreCase);

    public void Add(ObjectCreator<T> creator)
    {
        if (!_creators.TryAdd(creator.Name, creator))
        {
            throw new InvalidOperationException($"'{creator.Name}' is registered twice.");
        }
    }

    public T GetObject(string name, string? version)
        => _creators.TryGetValue(name, out ObjectCreator<T>? creator) ? creator.Create() : missing(name);
}

/// <summary>
/// Creates a fresh SDK orchestrator per work item (a factory that throws fails the turn inside the dispatcher,
/// which counts towards parking). The SDK shim is made when the turn runs, so it knows the parent instance.
/// </summary>
internal sealed class SdkOrchestrationCreator : ObjectCreator<TaskOrchestration>
{
    private readonly Func<IServiceProvider, ITaskOrchestrator> _factory;
    private readonly IServiceProvider _services;
    private readonly DurableTaskShimFactory _shims;

    public SdkOrchestrationCreator(string name, Func<IServiceProvider, ITaskOrchestrator> factory, IServiceProvider services, DurableTaskShimFactory shims)
    {
        Name = name;
        Version = string.Empty;
        _factory = factory;
        _services = services;
        _shims = shims;
    }

    public override TaskOrchestration Create() => new SdkOrchestration(Name, _factory(_services), _shims);
}

/// <summary>An SDK orchestrator whose DurableTask.Core shim is created at the start of the turn.</summary>
internal sealed class SdkOrchestration(string name, ITaskOrchestrator orchestrator, DurableTaskShimFactory shims) : TaskOrchestration
{
    private TaskOrchestration? _shim;

    /// <summary>Set by the worker's middleware before the turn runs.</summary>
    public ParentOrchestrationInstance? Parent { get; set; }

    public override async Task<string> Execute(OrchestrationContext context, string input)
    {
        _shim = shims.CreateOrchestration(name, orchestrator, Parent);
        try
        {
            // No ConfigureAwait: the continuation must run on the orchestration's synchronization context.
            return await _shim.Execute(context, input);
        }
        catch (Exception ex) when (ex is not CoreTaskFailedException and not SessionAbortedException && WrapsTaskFailure(ex))
        {
            // DurableTask.Core records an orchestrator's own exception through the .NET exception chain, which
            // stops at a wrapped SDK TaskFailedException: its failure details (the activity's or child's cause)
            // would be lost. Hand Core the whole chain instead.
            throw new CoreTaskFailedException(ex.Message, ex) { FailureDetails = ToCoreFailure(ex) };
        }
    }

    public override void RaiseEvent(OrchestrationContext context, string name, string input) => _shim?.RaiseEvent(context, name, input);

    public override string GetStatus() => _shim?.GetStatus()!;

    private static bool WrapsTaskFailure(Exception ex)
    {
        for (Exception? inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is TaskFailedException)
            {
                return true;
            }
        }

        return false;
    }

    private static FailureDetails ToCoreFailure(Exception ex) => new(
        ex.GetType().FullName!,
        ex.Message,
        ex.StackTrace,
        ex is TaskFailedException failed ? ToCoreFailure(failed.FailureDetails) : ex.InnerException is { } inner ? ToCoreFailure(inner) : null,
        isNonRetriable: false);

    private static FailureDetails ToCoreFailure(TaskFailureDetails details) => new(
        details.ErrorType,
        details.ErrorMessage,
        details.StackTrace,
        details.InnerFailure is { } inner ? ToCoreFailure(inner) : null,
        isNonRetriable: false,
        details.Properties);
}

/// <summary>Creates an activity per invocation from a DI scope that lives as long as the invocation.</summary>
internal sealed class SdkActivityCreator : ObjectCreator<TaskActivity>
{
    private readonly SdkActivity _activity;

    public SdkActivityCreator(string name, Func<IServiceProvider, ITaskActivity> factory, IServiceProvider services, DurableTaskShimFactory shims)
    {
        Name = name;
        Version = string.Empty;
        _activity = new SdkActivity(name, factory, services, shims);
    }

    public override TaskActivity Create() => _activity;
}

internal sealed class SdkActivity(string name, Func<IServiceProvider, ITaskActivity> factory, IServiceProvider services, DurableTaskShimFactory shims) : TaskActivity
{
    public override string Run(TaskContext context, string input) => throw new NotSupportedException("SDK activities run asynchronously.");

    public override async Task<string> RunAsync(TaskContext context, string input)
    {
        AsyncServiceScope scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            TaskActivity shim = shims.CreateActivity(name, factory(scope.ServiceProvider));
            return await shim.RunAsync(context, input).ConfigureAwait(false);
        }
    }
}

/// <summary>Stands in for an orchestrator name the worker does not know: the instance fails with a clear message.</summary>
internal sealed class MissingOrchestration(string name) : TaskOrchestration
{
    public override Task<string> Execute(OrchestrationContext context, string input)
        => Task.FromException<string>(new InvalidOperationException($"No orchestrator named '{name}' is registered with this worker."));

    public override void RaiseEvent(OrchestrationContext context, string name, string input)
    {
    }

    public override string GetStatus() => null!;
}

/// <summary>Stands in for an activity name the worker does not know: the task fails with a clear message.</summary>
internal sealed class MissingActivity(string name) : TaskActivity
{
    public override string Run(TaskContext context, string input)
        => throw new InvalidOperationException($"No activity named '{name}' is registered with this worker.");
}
