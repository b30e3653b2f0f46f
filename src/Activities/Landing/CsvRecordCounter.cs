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

    /// <summary>A counter at the start of a file.</summary>
    public CsvRecordCounter()
    {
    }

    /// <summary>A counter in the state another one saved (<see cref="Lines"/>, <see cref="InQuotes"/>, <see cref="LineHasData"/>).</summary>
    internal CsvRecordCounter(long lines, bool inQuotes, bool lineHasData)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lines);
        _lines = lines;
        _inQuotes = inQuotes;
        _lineHasData = lineHasData;
    }

    /// <summary>Complete lines so far (the header included).</summary>
    internal long Lines => _lines;

    /// <summary>Whether the bytes so far end inside a quoted field.</summary>
    internal bool InQuotes => _inQuotes;

    /// <summary>Whether the current, unterminated line holds anything but CR.</summary>
    internal bool LineHasData => _lineHasData;

    /// <summary>Feeds the next bytes.</summary>
    /// <remarks>
    /// Jumps from one quote or newline to the next with the vectorised span searches rather than looking at every
    /// byte: this runs over every byte of every export file, and a byte loop cost more CPU than the SHA-256.
    /// </remarks>
    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            // Inside quotes only the closing quote matters (a newline there is data).
            int i = _inQuotes ? data.IndexOf((byte)'"') : data.IndexOfAny((byte)'"', (byte)'\n');
            ReadOnlySpan<byte> run = i < 0 ? data : data[..i];
            if (!_lineHasData && run.IndexOfAnyExcept((byte)'\r') >= 0)
            {
                _lineHasData = true;
            }

            if (i < 0)
            {
                return;
            }

            if (data[i] == (byte)'"')
            {
                _inQuotes = !_inQuotes;
                _lineHasData = true;
            }
            else
            {
                if (_lineHasData)
                {
                    _lines++;
                }

                _lineHasData = false;
            }

            data = data[(i + 1)..];
        }
    }

    /// <summary>Data records so far: lines minus the header (0 for an empty file or a header only).</summary>
    public long DataRecords => Math.Max(0, _lines + (_lineHasData ? 1 : 0) - 1);
}
