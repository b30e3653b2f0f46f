using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace MarketoExport.Marketo.Simulator.Data;

/// <summary>
/// A streamed export file: header row then one row per record, UTF-8 without BOM, LF line ends, RFC 4180
/// quoting (a value is quoted when it holds the delimiter, a quote, CR or LF; quotes are doubled), and the
/// literal <c>null</c> for empty values. The same source always yields the same bytes, so the file never
/// needs to be stored: it is measured once (size, SHA-256, rows, resume points) and regenerated per download.
/// </summary>
internal sealed class ExportFile(RowSource source, IReadOnlyList<string> header, char delimiter)
{
    private const int ChunkSize = 64 * 1024;
    private const long CheckpointEvery = 1024 * 1024;

    private List<(long NextIndex, long Offset)> _checkpoints = [];

    public long Size { get; private set; } = -1;

    public long Records { get; private set; }

    public string Sha256Hex { get; private set; } = string.Empty;

    /// <summary>One streaming pass: size, checksum, row count and resume points (one per MB).</summary>
    public void Measure(CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var checkpoints = new List<(long, long)>();
        long size = 0, records = 0, lastCheckpoint = 0;
        foreach (var chunk in Chunks(null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            hash.AppendData(chunk.Bytes.Span);
            size += chunk.Bytes.Length;
            records += chunk.Rows;
            if (size - lastCheckpoint >= CheckpointEvery)
            {
                checkpoints.Add((chunk.NextIndex, size));
                lastCheckpoint = size;
            }
        }

        _checkpoints = checkpoints;
        Records = records;
        Size = size;
        Sha256Hex = Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Writes bytes [offset, offset + length) to <paramref name="destination"/>; returns false when cut.</summary>
    public async Task<bool> CopyAsync(Stream destination, long offset, long length, long? cutAfter, CancellationToken cancellationToken)
    {
        (long NextIndex, long Offset)? start = null;
        foreach (var cp in _checkpoints)
        {
            if (cp.Offset <= offset)
            {
                start = cp;
            }
        }

        var position = start?.Offset ?? 0;
        long written = 0;
        foreach (var chunk in Chunks(start?.NextIndex))
        {
            var bytes = chunk.Bytes;
            var chunkStart = position;
            position += bytes.Length;
            if (position <= offset)
            {
                continue;
            }

            var skip = (int)Math.Max(0, offset - chunkStart);
            var take = (int)Math.Min(bytes.Length - skip, length - written);
            if (cutAfter is { } cut && written + take > cut)
            {
                var partial = (int)Math.Max(0, cut - written);
                await destination.WriteAsync(bytes.Slice(skip, partial), cancellationToken);
                await destination.FlushAsync(cancellationToken);
                return false;
            }

            await destination.WriteAsync(bytes.Slice(skip, take), cancellationToken);
            written += take;
            if (written >= length)
            {
                break;
            }
        }

        return true;
    }

    private readonly record struct Chunk(ReadOnlyMemory<byte> Bytes, long NextIndex, long Rows);

    /// <summary>The file as chunks that end on row boundaries; from a resume point when <paramref name="fromIndex"/> is set (no header then).</summary>
    private IEnumerable<Chunk> Chunks(long? fromIndex)
    {
        var buffer = new ArrayBufferWriter<byte>(ChunkSize * 2);
        if (fromIndex is null)
        {
            for (var c = 0; c < header.Count; c++)
            {
                if (c > 0)
                {
                    WriteDelimiter(buffer);
                }

                WriteValue(buffer, header[c]);
            }

            WriteNewLine(buffer);
        }

        long rows = 0;
        long next = fromIndex ?? 0;
        foreach (var (index, values) in source.Rows(fromIndex ?? 0))
        {
            for (var c = 0; c < values.Length; c++)
            {
                if (c > 0)
                {
                    WriteDelimiter(buffer);
                }

                WriteValue(buffer, values[c] ?? "null");
            }

            WriteNewLine(buffer);
            rows++;
            next = index + 1;
            if (buffer.WrittenCount >= ChunkSize)
            {
                yield return new Chunk(buffer.WrittenMemory.ToArray(), next, rows);
                buffer.ResetWrittenCount();
                rows = 0;
            }
        }

        if (buffer.WrittenCount > 0)
        {
            yield return new Chunk(buffer.WrittenMemory.ToArray(), next, rows);
        }
    }

    private void WriteDelimiter(ArrayBufferWriter<byte> buffer)
    {
        buffer.GetSpan(1)[0] = (byte)delimiter;
        buffer.Advance(1);
    }

    private static void WriteNewLine(ArrayBufferWriter<byte> buffer)
    {
        buffer.GetSpan(1)[0] = (byte)'\n';
        buffer.Advance(1);
    }

    private void WriteValue(ArrayBufferWriter<byte> buffer, string value)
    {
        if (value.AsSpan().IndexOfAny([delimiter, '"', '\n', '\r']) >= 0)
        {
            value = "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        }

        var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length));
        buffer.Advance(Encoding.UTF8.GetBytes(value, span));
    }
}
