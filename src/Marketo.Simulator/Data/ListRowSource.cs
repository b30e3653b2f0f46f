namespace MarketoExport.Marketo.Simulator.Data;

/// <summary>Rows captured in memory (custom objects stored by the simulator; snapshot taken when processing starts).</summary>
internal sealed class ListRowSource(IReadOnlyList<string> columns, IReadOnlyList<string?[]> rows) : RowSource
{
    public override IReadOnlyList<string> Columns => columns;

    public override long EstimatedRows => rows.Count;

    public override IEnumerable<(long Index, string?[] Values)> Rows(long fromIndex)
    {
        for (var i = fromIndex; i < rows.Count; i++)
        {
            yield return (i, rows[(int)i]);
        }
    }
}
