namespace MarketoExport.Marketo.Simulator;

/// <summary>Everything the simulator knows about one export job, for tests and benchmarks.</summary>
/// <param name="Entity">leads, activities, program/members or customobjects.</param>
/// <param name="ApiName">Custom object API name, or null.</param>
/// <param name="ExportId">The job id.</param>
/// <param name="Format">CSV, TSV or SSV.</param>
/// <param name="Fields">The <c>fields</c> of the create request (the columns written).</param>
/// <param name="Filter">The create request's <c>filter</c> object as JSON text.</param>
/// <param name="Status">Current status.</param>
/// <param name="Transitions">Every status change with its time, oldest first.</param>
/// <param name="NumberOfRecords">Rows in the file once Completed.</param>
/// <param name="FileSize">File bytes once Completed.</param>
/// <param name="FileChecksum">Reported checksum once Completed (may be wrong on purpose when a fault says so).</param>
public sealed record ExportJobLogEntry(
    string Entity,
    string? ApiName,
    string ExportId,
    string Format,
    IReadOnlyList<string> Fields,
    string Filter,
    string Status,
    IReadOnlyList<ExportJobTransition> Transitions,
    long? NumberOfRecords,
    long? FileSize,
    string? FileChecksum);
