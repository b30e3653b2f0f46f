namespace MarketoExport.Orchestrations.Abstractions;

/// <summary>An orchestrator as the runtimes see it: untyped input and output.</summary>
public interface IOrchestrator
{
    /// <summary>The type the instance input is deserialized to.</summary>
    Type InputType { get; }

    /// <summary>Runs (or replays) the orchestration.</summary>
    Task<object?> RunAsync(IOrchestrationContext context, object? input);
}

/// <summary>Base class for orchestrators with a typed input and output (Durable Task's <c>TaskOrchestrator</c>).</summary>
public abstract class Orchestrator<TInput, TOutput> : IOrchestrator
{
    /// <inheritdoc />
    public Type InputType => typeof(TInput);

    /// <summary>The orchestration body. Deterministic: use only <paramref name="context"/>.</summary>
    public abstract Task<TOutput> RunAsync(IOrchestrationContext context, TInput input);

    async Task<object?> IOrchestrator.RunAsync(IOrchestrationContext context, object? input)
        => await RunAsync(context, (TInput)input!);
}
