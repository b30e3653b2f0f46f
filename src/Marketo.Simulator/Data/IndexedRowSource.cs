namespace MarketoExport.Marketo.Simulator.Data;

/// <summary>Rows of synthetic records [from, to) that pass a predicate; each column computed from the record index.</summary>
internal sealed class IndexedRowSource(
    IReadOnlyList<string> columns,
    long from,
    long to,
    Func<long, bool>? predicate,
    Func<long, string, string?> field) : RowSource
{
    public override IReadOnlyList<string> Columns => columns;

    public override long EstimatedRows => Math.Max(0, to - from);

    public override IEnumerable<(long Index, string?[] Values)> Rows(long fromIndex)
    {
        var values = new string?[columns.Count];
        for (var i = Math.Max(from, fromIndex); i < to; i++)
        {
            if (predicate is not null && !predicate(i))
            {
                continue;
            }

            for (var c = 0; c < values.Length; c++)
            {
                values[c] = field(i, columns[c]);
            }

            yield return (i, values);
        }
    }
}
