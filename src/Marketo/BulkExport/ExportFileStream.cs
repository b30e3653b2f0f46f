namespace MarketoExport.Marketo.BulkExport;

/// <summary>
/// A read-only, forward-only stream over an export file download, starting at <see cref="Offset"/>. Reads come
/// straight from the network (never buffered whole). Dispose it to release the connection and the governor slot.
/// A connection cut mid-file, or passing <see cref="MarketoClientOptions.FileDownloadTimeout"/>, surfaces from
/// <c>Read</c> as an <see cref="IOException"/>; reopen with
/// <see cref="IMarketoClient.OpenExportFileAsync"/> at <c>Offset + BytesRead</c> to resume.
/// </summary>
public sealed class ExportFileStream : Stream
{
    private readonly Stream _content;
    private readonly IDisposable? _owner;
    private long _bytesRead;
    private bool _disposed;

    internal ExportFileStream(Stream content, long offset, long? totalLength, long? contentLength, IDisposable? owner)
    {
        _content = content;
        _owner = owner;
        Offset = offset;
        TotalLength = totalLength;
        ContentLength = contentLength;
    }

    /// <summary>The byte offset in the file of the first byte of this stream.</summary>
    public long Offset { get; }

    /// <summary>The length of the whole file, from <c>Content-Range</c> (206) or <c>Content-Length</c> (200), when known.</summary>
    public long? TotalLength { get; }

    /// <summary>The number of bytes this response carries, when known.</summary>
    public long? ContentLength { get; }

    /// <summary>Bytes read from this stream so far.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <inheritdoc />
    public override bool CanRead => !_disposed;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <summary>Not supported (the length may be unknown); see <see cref="TotalLength"/> and <see cref="ContentLength"/>.</summary>
    public override long Length => throw new NotSupportedException("Use TotalLength or ContentLength.");

    /// <summary>The position in the file: <see cref="Offset"/> + <see cref="BytesRead"/>. Setting it is not supported.</summary>
    public override long Position
    {
        get => Offset + BytesRead;
        set => throw new NotSupportedException("An export file stream is forward-only; reopen it at an offset instead.");
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        try
        {
            var n = _content.Read(buffer);
            Interlocked.Add(ref _bytesRead, n);
            return n;
        }
        catch (ObjectDisposedException ex) when (!_disposed)
        {
            throw DeadlinePassed(ex);
        }
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            var n = await _content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _bytesRead, n);
            return n;
        }
        catch (ObjectDisposedException ex) when (!_disposed)
        {
            throw DeadlinePassed(ex);
        }
    }

    private IOException DeadlinePassed(Exception inner) => new(
        $"The export file download was aborted at byte {Offset + BytesRead} because it exceeded Marketo:FileDownloadTimeout. Resume from that offset or raise the timeout.",
        inner);

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) =>
        throw new NotSupportedException("An export file stream is forward-only; reopen it at an offset instead.");

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _content.Dispose();
            _owner?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await _content.DisposeAsync().ConfigureAwait(false);
            _owner?.Dispose();
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }
}
