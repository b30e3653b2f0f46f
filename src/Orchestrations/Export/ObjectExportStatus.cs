namespace MarketoExport.Orchestrations.Export;

/// <summary>Custom status of <see cref="ObjectExportOrchestrator"/>: small on purpose (Durable caps it at 16 KB).</summary>
/// <param name="Object">The object.</param>
/// <param name="Phase">Where it is.</param>
/// <param name="WindowIndex">1-based index of the current window.</param>
/// <param name="WindowCount">Windows planned (0 until planned).</param>
/// <param name="Window">The current window.</param>
/// <param name="ExportId">The current job.</param>
/// <param name="Records">Records landed so far in this run.</param>
/// <param name="Bytes">Bytes landed so far in this run.</param>
/// <param name="Note">A fallback or wait worth showing.</param>
public sealed record ObjectExportStatus(
    string Object,
    ObjectExportPhase Phase,
    int WindowIndex,
    int WindowCount,
    ExportWindow? Window,
    string? ExportId,
    long Records,
    long Bytes,
    string? Note)
{
    /// <summary>Windows landed so far in this run (so a watcher can tell one window's records from the running total).</summary>
    public int Landed { get; init; }
}
