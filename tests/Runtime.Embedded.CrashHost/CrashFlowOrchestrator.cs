using MarketoExport.Orchestrations.Abstractions;

namespace MarketoExport.Runtime.Embedded.CrashHost;

/// <summary>Half the effects in sequence, the other half fanned out; returns every effect's result.</summary>
internal sealed class CrashFlowOrchestrator : Orchestrator<int, int[]>
{
    public override async Task<int[]> RunAsync(IOrchestrationContext context, int input)
    {
        var results = new List<int>();
        int sequential = input / 2;
        for (int i = 0; i < sequential; i++)
        {
            results.Add(await context.CallActivityAsync<int>("Effect", i));
        }

        results.AddRange(await Task.WhenAll(Enumerable.Range(sequential, input - sequential).Select(i => context.CallActivityAsync<int>("Effect", i))));
        return [.. results];
    }
}
