namespace MarketoExport.Activities.Tests;

/// <summary>
/// Sits in the Marketo client's HTTP pipeline and records every export file request as the wire saw it: the Range the
/// client asked for, the status and Content-Range the simulator answered, and the body bytes it actually served.
/// <see cref="IgnoreRangeOnce"/> drops the next Range header, as a server that does not support ranges would.
/// </summary>
internal sealed class FileRequestRecorder
{
    private readonly List<FileRequest> _requests = [];
    private int _ignoreRange;

    /// <summary>The next file request goes out without its Range header (the simulator then answers 200 with the whole file).</summary>
    public void IgnoreRangeOnce() => Interlocked.Exchange(ref _ignoreRange, 1);

    public IReadOnlyList<FileRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public void Clear()
    {
        lock (_requests)
        {
            _requests.Clear();
        }
    }

    public DelegatingHandler CreateHandler() => new Handler(this);

    /// <summary>One file request.</summary>
    internal sealed class FileRequest(long? rangeFrom)
    {
        private long _bytesServed;

        /// <summary>The first byte the client asked for (null: no Range header, the whole file).</summary>
        public long? RangeFrom { get; } = rangeFrom;

        public int Status { get; set; }

        public long? ContentRangeFrom { get; set; }

        /// <summary>Body bytes the client read from the response.</summary>
        public long BytesServed => Interlocked.Read(ref _bytesServed);

        public void Count(int n) => Interlocked.Add(ref _bytesServed, n);
    }

    private sealed class Handler(FileRequestRecorder recorder) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath.EndsWith("/file.json", StringComparison.Ordinal) != true)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            var entry = new FileRequest(request.Headers.Range?.Ranges.FirstOrDefault()?.From);
            lock (recorder._requests)
            {
                recorder._requests.Add(entry);
            }

            if (Interlocked.Exchange(ref recorder._ignoreRange, 0) == 1)
            {
                request.Headers.Range = null;
            }

            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            entry.Status = (int)response.StatusCode;
            entry.ContentRangeFrom = response.Content.Headers.ContentRange?.From;
            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var counted = new StreamContent(new CountingStream(body, entry));
            foreach (KeyValuePair<string, IEnumerable<string>> header in response.Content.Headers)
            {
                counted.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = counted;
            return response;
        }
    }

    private sealed class CountingStream(Stream inner, FileRequest entry) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = inner.Read(buffer, offset, count);
            entry.Count(n);
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int n = await inner.ReadAsync(buffer, cancellationToken);
            entry.Count(n);
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
