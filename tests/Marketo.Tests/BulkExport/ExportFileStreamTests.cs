using System.Net;
using System.Text;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Marketo.Tests.Support;

namespace MarketoExport.Marketo.Tests.BulkExport;

public sealed class ExportFileStreamTests
{
    [Fact]
    public async Task ReadAsync_PastFileDownloadTimeout_ThrowsIOExceptionNamingTheSetting()
    {
        var clock = MarketoTestHost.NewClock();
        var body = new StalledStream();
        var handler = new StubHttpMessageHandler(r => r.IsIdentity
            ? StubHttpMessageHandler.Token()
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
        using var host = new MarketoTestHost(handler, o => o.FileDownloadTimeout = TimeSpan.FromMinutes(1), clock);
        await using var sut = await host.Client.OpenExportFileAsync(ExportEntity.Leads, "e-1");

        var read = sut.ReadAsync(new byte[16]).AsTask();
        var pendingBeforeDeadline = !read.IsCompleted;
        clock.Advance(TimeSpan.FromMinutes(2));
        var ex = await Assert.ThrowsAsync<IOException>(() => read.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.True(pendingBeforeDeadline);
        Assert.Contains("FileDownloadTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComputeAsync_Stream_MatchesMarketoChecksumFormat()
    {
        var bytes = Encoding.UTF8.GetBytes("id,email\n1,a@example.com\n");
        using var stream = new MemoryStream(bytes);
        using var incremental = new ExportFileChecksum();

        var whole = await ExportFileChecksum.ComputeAsync(stream);
        incremental.Append(bytes.AsSpan(0, 5));
        incremental.Append(bytes.AsSpan(5));
        var pieces = incremental.GetChecksumAndReset();

        Assert.StartsWith("sha256:", whole, StringComparison.Ordinal);
        Assert.Equal(71, whole.Length);
        Assert.Equal(whole, pieces);
        Assert.True(ExportFileChecksum.Matches(whole.ToUpperInvariant().Replace("SHA256:", "sha256:", StringComparison.Ordinal), pieces));
        Assert.False(ExportFileChecksum.Matches("sha256:00", pieces));
        Assert.False(ExportFileChecksum.Matches(null, pieces));
    }

    /// <summary>A response body whose reads never complete until it is disposed.</summary>
    private sealed class StalledStream : Stream
    {
        private readonly TaskCompletionSource<int> _never = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _never.Task.GetAwaiter().GetResult();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(_never.Task.WaitAsync(cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _never.Task.WaitAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _never.TrySetException(new ObjectDisposedException(nameof(StalledStream)));
            base.Dispose(disposing);
        }
    }
}
