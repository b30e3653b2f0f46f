using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace MarketoExport.Activities.Landing;

/// <summary>
/// One upload of <see cref="BlobStorageSink"/>: buffers at most one block, stages each full block on the final blob
/// name (uncommitted, invisible), and commits the block list with the SHA-256 in metadata. Disposing without a commit
/// deletes the blob when it holds no committed version (otherwise the staged blocks stay invisible until the next commit
/// of that name or the service's 7-day clean-up).
/// </summary>
internal sealed class BlobLandingUpload : ILandingUpload
{
    private readonly BlockBlobClient _blob;
    private readonly string _uploadId = Guid.NewGuid().ToString("N");
    private readonly List<string> _blockIds = [];
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly int _blockSize;
    private byte[]? _buffer;
    private int _buffered;
    private bool _committed;
    private bool _disposed;

    public BlobLandingUpload(string name, BlockBlobClient blob, int blockSize)
    {
        Name = name;
        _blob = blob;
        _blockSize = blockSize;
    }

    public string Name { get; }

    public long Length { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException($"The upload of '{Name}' is already committed.");
        }

        _buffer ??= ArrayPool<byte>.Shared.Rent(_blockSize);
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, _blockSize - _buffered);
            data.Span[..n].CopyTo(_buffer.AsSpan(_buffered));
            _hash.AppendData(data.Span[..n]);
            _buffered += n;
            Length += n;
            data = data[n..];
            if (_buffered == _blockSize)
            {
                await StageBufferAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            return;
        }

        if (_buffered > 0)
        {
            await StageBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        string sha = Convert.ToHexStringLower(_hash.GetHashAndReset());
        var options = new CommitBlockListOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv; charset=utf-8" },
            Metadata = new Dictionary<string, string>
            {
                [BlobStorageSink.Sha256MetadataKey] = sha,
                ["bytes"] = Length.ToString(CultureInfo.InvariantCulture),
            },
        };

        // One request: the blob becomes exactly these blocks (an empty list makes an empty blob); other uncommitted
        // blocks of this name are discarded by the service.
        try
        {
            await _blob.CommitBlockListAsync(_blockIds, options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "InvalidBlockList")
        {
            throw new IOException(
                $"Landing '{Name}': another upload of the same file committed first, which discards this upload's staged blocks; "
                + "nothing partial was written. Run the step again (it finds the landed file if it is the same).", ex);
        }

        _committed = true;
        ReturnBuffer();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReturnBuffer();
        _hash.Dispose();
        if (_committed || _blockIds.Count == 0)
        {
            return;
        }

        try
        {
            // Only a blob with no committed version may go: deleting a committed one would lose a landed file.
            // Its blocks are not visible to readers either way.
            await _blob.GetPropertiesAsync().ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            try
            {
                await _blob.DeleteIfExistsAsync().ConfigureAwait(false);
            }
            catch (RequestFailedException)
            {
                // Best effort: RemoveAbandonedUploadsAsync or the service's clean-up gets it later.
            }
        }
        catch (RequestFailedException)
        {
            // Best effort, as above.
        }
    }

    private async Task StageBufferAsync(CancellationToken cancellationToken)
    {
        // Fixed-length ids (the service requires one length per blob): upload id + block number.
        string id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{_uploadId}{_blockIds.Count:D8}"));
        using var content = new MemoryStream(_buffer!, 0, _buffered, writable: false);
        var options = new BlockBlobStageBlockOptions
        {
            TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
        };
        await _blob.StageBlockAsync(id, content, options, cancellationToken).ConfigureAwait(false);
        _blockIds.Add(id);
        _buffered = 0;
    }

    private void ReturnBuffer()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
