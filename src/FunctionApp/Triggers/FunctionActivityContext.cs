using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace MarketoExport.FunctionApp.Triggers;

/// <summary>The SDK's activity context for an activity trigger invocation: its function name and the calling instance.</summary>
internal sealed class FunctionActivityContext(FunctionContext context) : TaskActivityContext
{
    /// <inheritdoc />
    public override TaskName Name => new(context.FunctionDefinition.Name);

    /// <inheritdoc />
    // The Durable extension puts the calling orchestration's id into the activity trigger's binding data.
    public override string InstanceId
        => context.BindingContext.BindingData.TryGetValue("instanceId", out object? id) ? id?.ToString()?.Trim('"') ?? string.Empty : string.Empty;
}
