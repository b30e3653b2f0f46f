using Microsoft.DurableTask;

namespace MarketoExport.Durable.CrashHost;

/// <summary>Half the effects in sequence, the other half fanned out; returns every effect's result.</summary>
internal sealed class CrashFlowOrchestrator : TaskOrchestrator<int, int[]>
{
    public override async Task<int[]> RunAsync(TaskOrchestrationContext context, int input)
    {
        var results = new List<int>();
        int sequential = input / 2;
        for (int i = 0; i < sequential; i++)
        {
            results.Add(await context.CallActivityAsync<int>(nameof(EffectActivity), i));
        }

        results.AddRange(await Task.WhenAll(Enumerable.Range(sequential, input - sequential).Select(i => context.CallActivityAsync<int>(nameof(EffectActivity), i))));
        return [.. results];
    }
}
