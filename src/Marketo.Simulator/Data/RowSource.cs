namespace MarketoExport.Marketo.Simulator.Data;

/// <summary>
/// The rows of one export file in a fixed order. Rows carry a source index so that generation can restart at
/// any row (Range resume without regenerating the prefix). Enumerations reuse the yielded values array.
/// </summary>
internal abstract class RowSource
{
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>An upper bound on the rows (used to size a job's processing time).</summary>
    public abstract long EstimatedRows { get; }

    /// <summary>Rows whose source index is ≥ <paramref name="fromIndex"/>, in index order.</summary>
    public abstract IEnumerable<(long Index, string?[] Values)> Rows(long fromIndex);
}
