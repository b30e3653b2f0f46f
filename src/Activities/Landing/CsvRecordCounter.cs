namespace MarketoExport.Activities.Landing;

/// <summary>
/// Counts CSV records in a byte stream fed in chunks, honouring quoted fields (a newline inside quotes is data).
/// The first record is the header. A trailing newline is optional; CR is ignored.
/// </summary>
public sealed class CsvRecordCounter
{
    private bool _inQuotes;
    private bool _lineHasData;
    private long _lines;

    /// <summary>Feeds the next bytes.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            if (b == (byte)'"')
            {
                _inQuotes = !_inQuotes;
                _lineHasData = true;
            }
            else if (b == (byte)'\n' && !_inQuotes)
            {
                if (_lineHasData)
                {
                    _lines++;
                }

                _lineHasData = false;
            }
            else if (b != (byte)'\r')
            {
                _lineHasData = true;
            }
        }
    }

    /// <summary>Data records so far: lines minus the header (0 for an empty file or a header only).</summary>
    public long DataRecords => Math.Max(0, _lines + (_lineHasData ? 1 : 0) - 1);
}
