using MarketoExport.Orchestrations.Abstractions;

namespace MarketoExport.Runtime.Embedded.Tests;

/// <summary>An activity whose body is a lambda, for tests.</summary>
internal sealed class LambdaActivity<TInput, TOutput>(Func<ActivityContext, TInput, CancellationToken, Task<TOutput>> body) : Activity<TInput, TOutput>
{
    public override Task<TOutput> RunAsync(ActivityContext context, TInput input, CancellationToken cancellationToken) => body(context, input, cancellationToken);
}
