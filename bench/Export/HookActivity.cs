using MarketoExport.Orchestrations.Abstractions;

namespace MarketoExport.Bench.Export;

/// <summary>Wraps a real activity with observation hooks (before and after it runs); the activity itself is unchanged.</summary>
internal sealed class HookActivity(IActivity inner, Action<object?>? before, Action<object?, object?>? after) : IActivity
{
    public Type InputType => inner.InputType;

    public async Task<object?> RunAsync(ActivityContext context, object? input, CancellationToken cancellationToken)
    {
        before?.Invoke(input);
        object? result = await inner.RunAsync(context, input, cancellationToken);
        after?.Invoke(input, result);
        return result;
    }
}
