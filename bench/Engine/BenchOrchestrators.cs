using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Bench.Engine;

/// <summary>Calls the Work activity n times in sequence, logging a tick (replay-safe) after each result.</summary>
internal sealed class ActivityLoopOrchestrator : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        ILogger tick = context.CreateReplaySafeLogger(TickRecorder.Category);
        tick.LogInformation("tick");
        int value = 0;
        for (int i = 0; i < input; i++)
        {
            value = await context.CallActivityAsync<int>("Work", value);
            tick.LogInformation("tick");
        }

        return value;
    }
}

/// <summary>Creates n durable timers that are due at once, in sequence, logging a tick after each fires.</summary>
internal sealed class TimerLoopOrchestrator : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        ILogger tick = context.CreateReplaySafeLogger(TickRecorder.Category);
        tick.LogInformation("tick");
        for (int i = 0; i < input; i++)
        {
            await context.CreateTimer(context.CurrentUtcDateTime, CancellationToken.None);
            tick.LogInformation("tick");
        }

        return input;
    }
}

/// <summary>The unit of work: one asynchronous hop and an increment (its start and end are stamped when a recorder is given).</summary>
internal sealed class WorkActivity(ActivityStamps? stamps = null) : TaskActivity<int, int>
{
    public static async Task<int> DoWorkAsync(int value)
    {
        await Task.Yield();
        return value + 1;
    }

    public override async Task<int> RunAsync(TaskActivityContext context, int input)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        int result = await RunAsync(input, CancellationToken.None);
        stamps?.Add(start);
        return result;
    }

    /// <summary>The activity body (the project's activities keep one next to the SDK override too).</summary>
    public static Task<int> RunAsync(int input, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return DoWorkAsync(input);
    }
}
