using Microsoft.DurableTask;

namespace MarketoExport.Bench.Export;

/// <summary>Wraps a real activity with observation hooks (before and after it runs); the activity itself is unchanged.</summary>
internal sealed class HookActivity(ITaskActivity inner, Action<object?>? before, Action<object?, object?>? after) : ITaskActivity
{
    public Type InputType => inner.InputType;

    public Type OutputType => inner.OutputType;

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        before?.Invoke(input);
        object? result = await inner.RunAsync(context, input);
        after?.Invoke(input, result);
        return result;
    }
}
