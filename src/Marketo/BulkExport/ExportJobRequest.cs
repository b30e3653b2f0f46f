namespace MarketoExport.Marketo.BulkExport;

/// <summary>The body of a create-export-job call.</summary>
/// <param name="Fields">Field API names to export; null sends no <c>fields</c> (allowed for activities only).</param>
/// <param name="Filter">The per-entity filter; its type must match the entity.</param>
/// <param name="Format"><c>CSV</c> (default), <c>TSV</c> or <c>SSV</c>.</param>
public sealed record ExportJobRequest(IReadOnlyList<string>? Fields, ExportFilter Filter, string Format = "CSV")
{
    /// <summary>Header text per field API name (each key must be in <see cref="Fields"/>).</summary>
    public IReadOnlyDictionary<string, string>? ColumnHeaderNames { get; init; }
}
