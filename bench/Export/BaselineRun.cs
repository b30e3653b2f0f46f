namespace MarketoExport.Bench.Export;

/// <summary>What one fixed-interval baseline poller measured.</summary>
internal sealed record BaselineRun(TimeSpan Interval, IReadOnlyList<long> CallsPerWindow, IReadOnlyList<JobTiming> Jobs);
