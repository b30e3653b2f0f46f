namespace MarketoExport.Orchestrations.Export;

/// <summary>The input of <see cref="ObjectExportOrchestrator"/>.</summary>
/// <param name="Object">What to export.</param>
/// <param name="Settings">Tunables.</param>
/// <param name="Since">First run's start when no checkpoint exists.</param>
/// <param name="Until">Explicit range end, inclusive; null for now minus the safety lag.</param>
public sealed record ObjectExportRequest(ExportObject Object, ExportSettings Settings, DateTime? Since = null, DateTime? Until = null)
{
    /// <summary>The backfill's label, or null for a normal run (see <see cref="ExportRunRequest.Backfill"/>).</summary>
    public string? Backfill { get; init; }

    /// <summary>The checkpoint record this export reads and writes: the object's name, or <c>&lt;object&gt;@&lt;backfill&gt;</c>.</summary>
    public string CheckpointKey => Backfill is { Length: > 0 } label ? $"{Object.Name}@{label}" : Object.Name;
}
