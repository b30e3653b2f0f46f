using System.Reflection;
using MarketoExport.FunctionApp.Triggers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace MarketoExport.FunctionApp.Tests.OnDurableTask;

/// <summary>
/// Registers the Function App's own trigger methods (every <c>[Function]</c> with an orchestration or activity trigger,
/// found by reflection, so none can be missed) on a Durable Task registry: the engine calls them as the Functions host
/// would, with the SDK's orchestration context and a <see cref="FunctionContext"/> per activity invocation.
/// </summary>
internal static class FunctionTriggers
{
    public static DurableTaskRegistry AddFunctionAppTriggers(this DurableTaskRegistry registry)
    {
        foreach ((string name, MethodInfo method) in Functions(typeof(OrchestrationFunctions)))
        {
            Assert.NotNull(method.GetParameters()[0].GetCustomAttribute<OrchestrationTriggerAttribute>());
            registry.AddOrchestrator(name, () => new TriggerOrchestrator(method));
        }

        foreach ((string name, MethodInfo method) in Functions(typeof(ActivityFunctions)))
        {
            Assert.NotNull(method.GetParameters()[0].GetCustomAttribute<ActivityTriggerAttribute>());
            registry.AddActivity(name, sp => new TriggerActivity(name, method, sp));
        }

        return registry;
    }

    public static IEnumerable<(string Name, MethodInfo Method)> Functions(Type type)
        => type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => (Attribute: m.GetCustomAttribute<FunctionAttribute>(), Method: m))
            .Where(f => f.Attribute is not null)
            .Select(f => (f.Attribute!.Name, f.Method));

    private static async Task<object?> InvokeAsync(MethodInfo method, object?[] arguments)
    {
        var task = (Task)method.Invoke(null, arguments)!;
        await task;
        return task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
    }

    private static Type ResultType(MethodInfo method) => method.ReturnType.GetGenericArguments()[0];

    private sealed class TriggerOrchestrator(MethodInfo method) : ITaskOrchestrator
    {
        public Type InputType => method.GetParameters()[1].ParameterType;

        public Type OutputType => ResultType(method);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) => InvokeAsync(method, [context, input]);
    }

    private sealed class TriggerActivity(string name, MethodInfo method, IServiceProvider services) : ITaskActivity
    {
        public Type InputType => method.GetParameters()[0].ParameterType;

        public Type OutputType => ResultType(method);

        public Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            // What the isolated worker hands an activity trigger: its services, its name, the caller in the binding data.
            var definition = new Mock<FunctionDefinition>();
            definition.SetupGet(d => d.Name).Returns(name);
            var binding = new Mock<BindingContext>();
            binding.SetupGet(b => b.BindingData).Returns(new Dictionary<string, object?> { ["instanceId"] = context.InstanceId });
            var function = new Mock<FunctionContext>();
            function.SetupGet(f => f.InstanceServices).Returns(services);
            function.SetupGet(f => f.FunctionDefinition).Returns(definition.Object);
            function.SetupGet(f => f.BindingContext).Returns(binding.Object);
            function.SetupGet(f => f.CancellationToken).Returns(CancellationToken.None);
            return InvokeAsync(method, [input, function.Object]);
        }
    }
}
