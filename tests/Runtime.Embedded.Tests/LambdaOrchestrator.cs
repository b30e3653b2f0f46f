using MarketoExport.Orchestrations.Abstractions;

namespace MarketoExport.Runtime.Embedded.Tests;

/// <summary>An orchestrator whose body is a lambda, for tests.</summary>
internal sealed class LambdaOrchestrator<TInput, TOutput>(Func<IOrchestrationContext, TInput, Task<TOutput>> body) : Orchestrator<TInput, TOutput>
{
    public override Task<TOutput> RunAsync(IOrchestrationContext context, TInput input) => body(context, input);
}
