namespace MarketoExport.Orchestrations.Abstractions;

/// <summary>What an activity knows about its invocation.</summary>
/// <param name="Name">The registered activity name.</param>
/// <param name="InstanceId">The orchestration instance that scheduled it.</param>
/// <param name="Attempt">
/// 1 for the first attempt; higher when a retry policy or a crash re-runs it; 0 when the runtime cannot tell (Azure
/// Functions does not expose it), which activities must treat as a possible re-run.
/// </param>
public sealed record ActivityContext(string Name, string InstanceId, int Attempt = 1);

/// <summary>An activity as the runtimes see it: untyped input and output.</summary>
public interface IActivity
{
    /// <summary>The type the activity input is deserialized to.</summary>
    Type InputType { get; }

    /// <summary>Runs the activity. Activities run at least once: they must be idempotent.</summary>
    Task<object?> RunAsync(ActivityContext context, object? input, CancellationToken cancellationToken);
}

/// <summary>Base class for activities with a typed input and output (Durable Task's <c>TaskActivity</c>).</summary>
public abstract class Activity<TInput, TOutput> : IActivity
{
    /// <inheritdoc />
    public Type InputType => typeof(TInput);

    /// <summary>The activity body: one I/O step.</summary>
    public abstract Task<TOutput> RunAsync(ActivityContext context, TInput input, CancellationToken cancellationToken);

    async Task<object?> IActivity.RunAsync(ActivityContext context, object? input, CancellationToken cancellationToken)
        => await RunAsync(context, (TInput)input!, cancellationToken).ConfigureAwait(false);
}
