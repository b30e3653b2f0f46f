namespace MarketoExport.Orchestrations.Export;

/// <summary>Output (and custom status) of <see cref="ExportRunOrchestrator"/>: one row per object.</summary>
/// <param name="Objects">Per-object results, in plan order.</param>
public sealed record ExportRunResult(IReadOnlyList<ObjectExportResult> Objects)
{
    /// <summary>True when every object completed.</summary>
    public bool Succeeded => Objects.All(o => o.Outcome == ObjectExportOutcome.Completed);
}
