using System.Text.Json.Nodes;

namespace MarketoExport.Bench.Engine;

/// <summary>Median, percentiles and mean of a set of per-step samples, in microseconds.</summary>
internal sealed record Summary(int Count, double Median, double P90, double P95, double Mean, double Max)
{
    public static Summary Of(IReadOnlyCollection<double> samples)
    {
        double[] sorted = [.. samples.Order()];
        return sorted.Length == 0
            ? new Summary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
            : new Summary(sorted.Length, At(sorted, 0.5), At(sorted, 0.9), At(sorted, 0.95), sorted.Average(), sorted[^1]);
    }

    public JsonObject ToJson() => new()
    {
        ["samples"] = Count,
        ["medianMicroseconds"] = Math.Round(Median, 1),
        ["p90Microseconds"] = Math.Round(P90, 1),
        ["p95Microseconds"] = Math.Round(P95, 1),
        ["meanMicroseconds"] = Math.Round(Mean, 1),
        ["maxMicroseconds"] = Math.Round(Max, 1),
    };

    private static double At(double[] sorted, double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
}

/// <summary>
/// One kind of step (activity or timer) on one provider: per-step samples, and for activities the step's legs
/// (orchestrator tick → activity start, the activity body, activity end → the next tick). StepIndex: each sample's
/// position in its instance (0-based), i.e. how much history the turn replays.
/// </summary>
internal sealed record StepRun(
    IReadOnlyList<double> Steps,
    IReadOnlyList<int> StepIndex,
    IReadOnlyList<double> ToActivity,
    IReadOnlyList<double> ActivityBody,
    IReadOnlyList<double> BackToOrchestrator,
    double WallSeconds,
    double CpuSeconds,
    double ExternalCpuSeconds,
    long AllocatedBytes,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    double GcPauseSeconds);
