using Microsoft.DurableTask;

namespace MarketoExport.Durable.Tests;

public sealed record SequenceInput(string Prefix, int Steps);

/// <summary>Calls <see cref="AppendActivity"/> once per step, feeding each result to the next.</summary>
public sealed class SequenceOrchestrator : TaskOrchestrator<SequenceInput, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, SequenceInput input)
    {
        string value = input.Prefix;
        for (int i = 0; i < input.Steps; i++)
        {
            value = await context.CallActivityAsync<string>(nameof(AppendActivity), new AppendRequest(value, i));
        }

        return value;
    }
}

public sealed record AppendRequest(string Value, int Step);

public sealed class AppendActivity : TaskActivity<AppendRequest, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, AppendRequest input)
        => Task.FromResult(input.Value + input.Step.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>Reports its delivery attempt; on a first delivery it can be told to wait for the worker's stop.</summary>
public sealed class DeliveryProbeActivity(IActivityDeliveryInfo delivery, DeliveryProbe probe) : TaskActivity<string, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, string input)
    {
        int attempt = delivery.Attempt;
        probe.Started.TrySetResult(attempt);
        if (input == "hold" && attempt == 1)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, delivery.StoppingToken);
        }

        return $"attempt {attempt}";
    }
}

/// <summary>Tells the test when <see cref="DeliveryProbeActivity"/> has started.</summary>
public sealed class DeliveryProbe
{
    public TaskCompletionSource<int> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
