using MarketoExport.Marketo.Simulator;

namespace MarketoExport.Bench.Export;

/// <summary>What one pipeline run measured (simulated times).</summary>
internal sealed record PipelineRun(
    DateTimeOffset Started, DateTimeOffset Finished, CallCounters Calls, IReadOnlyList<JobTiming> Jobs, IReadOnlyList<long> CountedAtCreate)
{
    public double MakespanSeconds => (Finished - Started).TotalSeconds;

    /// <summary>CSV files in the landing folder after the run.</summary>
    public int LandedFiles { get; init; }

    /// <summary>Their total size.</summary>
    public long LandedBytes { get; init; }

    /// <summary>Real (not simulated) seconds from start to end of the run.</summary>
    public double WallSeconds { get; init; }

    /// <summary>Calls from one create to the next (the last: to the end), i.e. per window including the next window's quota check.</summary>
    public IReadOnlyList<long> CallsPerWindow()
    {
        var result = new List<long>();
        for (int i = 0; i < CountedAtCreate.Count; i++)
        {
            long next = i + 1 < CountedAtCreate.Count ? CountedAtCreate[i + 1] : Calls.Counted;
            result.Add(next - CountedAtCreate[i]);
        }

        return result;
    }
}
