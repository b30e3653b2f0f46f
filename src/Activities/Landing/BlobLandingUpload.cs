using System.Buffers;
using System.Globalization;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace MarketoExport.Activities.Landing;

/// <summary>
/// One upload of <see cref="BlobStorageSink"/>: buffers at most one block, stages each full block on the final blob
/// name (uncommitted, invisible) under a deterministic <see cref="LandingBlockId"/>, and commits the block list with the
/// SHA-256 in metadata. Disposing without a commit keeps the staged blocks: the next upload of the same name and key
/// continues after them (the buffered tail, less than one block, is downloaded again). <see cref="DiscardAsync"/>
/// drops them.
/// </summary>
internal sealed class BlobLandingUpload : LandingUpload
{
    /// <summary>Blob Storage's limit of committed blocks per blob (uncommitted ones: 100,000).</summary>
    public const int MaxBlocks = 50_000;

    private readonly BlockBlobClient _blob;
    private readonly LandingResumeKey _key;
    private readonly List<string> _blockIds;
    private readonly int _blockSize;
    private byte[]? _buffer;
    private int _buffered;
    private bool _staged;

    public BlobLandingUpload(
        string name, BlockBlobClient blob, int blockSize, LandingResumeKey key, IEnumerable<string> resumedBlockIds, LandingDigest digest, string? discardedPartial)
        : base(name, digest, resumedFrom: digest.Length, discardedPartial)
    {
        _blob = blob;
        _blockSize = blockSize;
        _key = key;
        _blockIds = [.. resumedBlockIds];
        _staged = _blockIds.Count > 0;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ThrowIfDone();
        _buffer ??= ArrayPool<byte>.Shared.Rent(_blockSize);
        while (!data.IsEmpty)
        {
            if (_buffered == _blockSize)
            {
                // A full block whose staging failed earlier: stage it first (its id is the same).
                await StageBufferAsync(cancellationToken).ConfigureAwait(false);
            }

            int n = Math.Min(data.Length, _blockSize - _buffered);
            data.Span[..n].CopyTo(_buffer.AsSpan(_buffered));
            Digest.Append(data.Span[..n]);
            _buffered += n;
            data = data[n..];
        }

        if (_buffered == _blockSize)
        {
            await StageBufferAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task CommitAsync(CancellationToken cancellationToken)
    {
        ThrowIfDone();
        if (_buffered > 0)
        {
            await StageBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var options = new CommitBlockListOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv; charset=utf-8" },
            Metadata = new Dictionary<string, string>
            {
                [BlobStorageSink.Sha256MetadataKey] = GetSha256(),
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
                $"Landing '{Name}': another upload of the same file committed first, or discarded this upload's staged blocks; "
                + "nothing partial was written. Run the step again (it finds the landed file if it is the same).", ex);
        }

        MarkCommitted();
        ReturnBuffer();
    }

    public override async Task DiscardAsync(CancellationToken cancellationToken)
    {
        ThrowIfDone();
        _buffered = 0;
        _blockIds.Clear();
        RestartDigest(LandingDigest.CreateResumable());
        if (_staged)
        {
            await BlobStorageSink.DropUncommittedBlocksAsync(_blob, cancellationToken).ConfigureAwait(false);
            _staged = false;
        }
    }

    public override ValueTask DisposeAsync()
    {
        // Staged blocks stay: invisible to readers, resumed by the next upload of this name and key, dropped by a
        // discard, by the next commit of this name, or by the service 7 days after the last block was staged.
        if (TryBeginDispose())
        {
            ReturnBuffer();
        }

        return ValueTask.CompletedTask;
    }

    private async Task StageBufferAsync(CancellationToken cancellationToken)
    {
        if (_blockIds.Count >= MaxBlocks)
        {
            throw new InvalidOperationException(
                $"Landing '{Name}' needs more than {MaxBlocks} blocks of {_blockSize} bytes, Blob Storage's limit per blob; use a larger block size.");
        }

        // The digest has been fed exactly up to this block's last byte: its state goes into the id.
        string id = LandingBlockId.Create(_key, _blockIds.Count, Digest);
        using var content = new MemoryStream(_buffer!, 0, _buffered, writable: false);
        var options = new BlockBlobStageBlockOptions
        {
            TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
        };
        _staged = true;
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
