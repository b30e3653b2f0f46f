using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace MarketoExport.Activities.Landing;

/// <summary>
/// Lands files in a Blob Storage container under the same names as <see cref="LocalFolderSink"/>
/// (<c>&lt;object&gt;/&lt;file&gt;.csv</c>) plus an append blob <c>manifest.jsonl</c>.
/// <para>
/// A write stages blocks of <see cref="BlockSize"/> bytes on the final blob name while the bytes stream in (at most
/// one block is held in memory), and <see cref="ILandingUpload.CommitAsync"/> commits the block list, which the caller
/// does only after verifying size, SHA-256 and record count. Until then the blocks are uncommitted: no reader, listing
/// or download sees them, and an older committed blob of that name stays readable until the commit replaces it in one
/// step. The commit also records the file's SHA-256 in the blob's metadata and discards any other uncommitted blocks of
/// that name.
/// </para>
/// <para>
/// Block ids are deterministic (<see cref="LandingBlockId"/>: export, file version, block number and the hash state
/// after the block), so staged blocks outlive the process that staged them: the next upload of the same name and
/// <see cref="LandingResumeKey"/> reads the uncommitted block list, keeps the contiguous run of its own blocks from
/// block 0 and continues after them. Uncommitted blocks of another key are dropped first.
/// </para>
/// </summary>
public sealed class BlobStorageSink : ILandingSink, IDisposable
{
    /// <summary>Metadata key holding the lowercase hex SHA-256 written at commit.</summary>
    public const string Sha256MetadataKey = "sha256";

    /// <summary>Default staged block size: 4 MiB.</summary>
    public const int DefaultBlockSize = 4 * 1024 * 1024;

    private const int MaxManifestAppendAttempts = 10;
    private readonly SemaphoreSlim _manifestLock = new(1, 1);
    private readonly TimeProvider _time;
    private int _containerChecked;

    /// <summary>Creates the sink over <paramref name="container"/> (created on first use when missing and allowed).</summary>
    /// <param name="container">The landing container.</param>
    /// <param name="timeProvider">Clock for the age of abandoned uploads; the system clock when null.</param>
    /// <param name="blockSize">Bytes per staged block (64 KiB .. 100 MiB, a multiple of 64 so each block ends where a hash state can be saved).</param>
    public BlobStorageSink(BlobContainerClient container, TimeProvider? timeProvider = null, int blockSize = DefaultBlockSize)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 64 * 1024);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockSize, 100 * 1024 * 1024);
        if (blockSize % 64 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "The block size must be a multiple of 64 bytes.");
        }

        Container = container;
        BlockSize = blockSize;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The landing container.</summary>
    public BlobContainerClient Container { get; }

    /// <summary>Bytes per staged block; also the most an upload buffers.</summary>
    public int BlockSize { get; }

    /// <inheritdoc />
    public async Task<string?> GetSha256Async(string name, CancellationToken cancellationToken)
    {
        BlockBlobClient blob = Container.GetBlockBlobClient(Validate(name));
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }

        if (properties.Metadata.TryGetValue(Sha256MetadataKey, out string? sha) && sha.Length == 64)
        {
            return sha;
        }

        // Not written by this sink (no metadata): hash the content, pinned to the version just read.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var options = new BlobOpenReadOptions(allowModifications: false) { BufferSize = BlockSize };
        Stream content = await blob.OpenReadAsync(options, cancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int n;
                while ((n = await content.ReadAsync(buffer.AsMemory(0, 81920), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <inheritdoc />
    public async Task<ILandingUpload> BeginAsync(string name, LandingResumeKey resumeKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resumeKey);
        resumeKey.Validate();
        BlockBlobClient blob = Container.GetBlockBlobClient(Validate(name));
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<BlobBlock> uncommitted;
        try
        {
            uncommitted = [.. (await blob.GetBlockListAsync(BlockListTypes.Uncommitted, cancellationToken: cancellationToken).ConfigureAwait(false)).Value.UncommittedBlocks];
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            uncommitted = [];
        }

        StagedPrefix prefix = FindStagedPrefix(uncommitted.Select(b => (b.Name, b.SizeLong)), resumeKey);
        string? discarded = prefix.Others;
        if (resumeKey.FileSize is { } size && prefix.Length > size)
        {
            discarded = $"{prefix.BlockIds.Count} staged blocks hold {prefix.Length} bytes, more than the file's {size}";
        }

        if (discarded is not null)
        {
            // Blocks of another export or file version are never resumed; dropping them also keeps the blob within the
            // service's 100,000 uncommitted blocks and its one-id-length rule.
            bool dropped = await DropUncommittedBlocksAsync(blob, cancellationToken).ConfigureAwait(false);
            discarded += dropped ? string.Empty : " (left in place: they could not be dropped without touching the landed file; the next commit drops them)";
            prefix.Digest?.Dispose();
            prefix = StagedPrefix.None;
        }

        return new BlobLandingUpload(name, blob, BlockSize, resumeKey, prefix.BlockIds, prefix.Digest ?? LandingDigest.CreateResumable(), discarded);
    }

    /// <inheritdoc />
    public async Task AppendManifestAsync(ManifestEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        byte[] line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, ActivitiesJsonContext.Default.ManifestEntry) + "\n");
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        AppendBlobClient manifest = Container.GetAppendBlobClient(LandingNames.Manifest);
        await _manifestLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                (List<ManifestEntry> existing, long length) = await ReadManifestCoreAsync(manifest, cancellationToken).ConfigureAwait(false);
                if (existing.Any(e => e.File == entry.File && e.Sha256 == entry.Sha256))
                {
                    return;
                }

                if (length < 0)
                {
                    await manifest.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    length = 0;
                }

                // Append only at the length just read: another process appending in between makes this fail with 412,
                // and the loop reads again (so the duplicate check holds across processes too).
                var conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = length };
                try
                {
                    using var content = new MemoryStream(line, writable: false);
                    await manifest.AppendBlockAsync(content, new AppendBlobAppendBlockOptions { Conditions = conditions }, cancellationToken)
                        .ConfigureAwait(false);
                    return;
                }
                catch (RequestFailedException ex) when (ex.Status == 412 && attempt < MaxManifestAppendAttempts)
                {
                    // Someone appended first; read again.
                }
            }
        }
        finally
        {
            _manifestLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ManifestEntry>> ReadManifestAsync(CancellationToken cancellationToken)
    {
        (List<ManifestEntry> entries, _) = await ReadManifestCoreAsync(Container.GetAppendBlobClient(LandingNames.Manifest), cancellationToken)
            .ConfigureAwait(false);
        return entries;
    }

    /// <summary>
    /// Deletes abandoned uploads: blobs that hold only uncommitted blocks (a process killed before its commit) and were
    /// last touched more than <paramref name="olderThan"/> ago, so uploads still running are left alone. Those blocks
    /// are also what the next execution of an interrupted download resumes from, so a short <paramref name="olderThan"/>
    /// trades that resume for space (a resume after the service's 7 days is impossible anyway). Uncommitted blocks beside
    /// a committed blob are invisible to readers and are discarded by the next upload or commit of that name, or by the
    /// service after 7 days. Returns how many blobs were removed.
    /// </summary>
    public async Task<int> RemoveAbandonedUploadsAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        DateTimeOffset cutoff = _time.GetUtcNow() - olderThan;
        var committed = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (BlobItem item in Container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                committed.Add(item.Name);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0; // no container, nothing abandoned
        }

        int removed = 0;
        var options = new GetBlobsOptions { States = BlobStates.Uncommitted };
        await foreach (BlobItem item in Container.GetBlobsAsync(options, cancellationToken).ConfigureAwait(false))
        {
            if (committed.Contains(item.Name) || item.Properties.LastModified is { } modified && modified > cutoff)
            {
                continue;
            }

            try
            {
                await Container.GetBlobClient(item.Name).DeleteAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                removed++;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Committed or discarded meanwhile.
            }
        }

        return removed;
    }

    /// <inheritdoc />
    public void Dispose() => _manifestLock.Dispose();

    /// <summary>
    /// Drops every uncommitted block of <paramref name="blob"/>. Without a committed version the blob is nothing but
    /// those blocks and is deleted. With one (a landed file), its own committed block list is committed again with the
    /// same headers and metadata, only if it still is the version just read: a commit drops every block it does not
    /// list, and readers see the same bytes. Returns false when the blocks were left in place (the landed file changed
    /// meanwhile, it has no block list to re-commit, or an uncommitted block shares an id with a committed one).
    /// </summary>
    internal static async Task<bool> DropUncommittedBlocksAsync(BlockBlobClient blob, CancellationToken cancellationToken)
    {
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }

        // Get Block List takes no If-Match; the commit does, so a list of a newer version than these properties fails it (412).
        var conditions = new BlobRequestConditions { IfMatch = properties.ETag };
        BlockList list = (await blob.GetBlockListAsync(BlockListTypes.All, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        var committed = list.CommittedBlocks.Select(b => b.Name).ToList();
        var committedIds = committed.ToHashSet(StringComparer.Ordinal);

        // A blob written in one Put Blob has no block list: committing an empty list would empty it. And the service
        // resolves a listed id to the uncommitted block of that id when there is one.
        if (list.CommittedBlocks.Sum(b => b.SizeLong) != properties.ContentLength || list.UncommittedBlocks.Any(b => committedIds.Contains(b.Name)))
        {
            return false;
        }

        var options = new CommitBlockListOptions
        {
            HttpHeaders = new BlobHttpHeaders
            {
                ContentType = properties.ContentType,
                ContentEncoding = properties.ContentEncoding,
                ContentLanguage = properties.ContentLanguage,
                ContentDisposition = properties.ContentDisposition,
                CacheControl = properties.CacheControl,
                ContentHash = properties.ContentHash,
            },
            Metadata = properties.Metadata,
            Conditions = conditions,
            AccessTier = properties.AccessTierInferred || string.IsNullOrEmpty(properties.AccessTier) ? (AccessTier?)null : new AccessTier(properties.AccessTier),
        };
        try
        {
            await blob.CommitBlockListAsync(committed, options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>
    /// The blocks an upload for <paramref name="key"/> continues after: its own blocks numbered 0, 1, 2, … without a
    /// gap, each ending on a 64-byte boundary with a saved digest state (a last block cut elsewhere ends the run), and
    /// that state restored. <see cref="StagedPrefix.Others"/> describes blocks of other keys or formats.
    /// </summary>
    internal static StagedPrefix FindStagedPrefix(IEnumerable<(string Id, long Size)> uncommitted, LandingResumeKey key)
    {
        int otherExport = 0, otherVersion = 0, otherFormat = 0;
        var own = new Dictionary<int, List<(string Id, long Size, LandingBlockId Parsed)>>();
        foreach ((string id, long size) in uncommitted)
        {
            LandingBlockId? parsed = LandingBlockId.TryParse(id);
            if (parsed is null)
            {
                otherFormat++;
            }
            else if (parsed.ExportTag != key.ExportTag)
            {
                otherExport++;
            }
            else if (parsed.VersionTag != key.VersionTag)
            {
                otherVersion++;
            }
            else
            {
                if (!own.TryGetValue(parsed.Sequence, out var candidates))
                {
                    own[parsed.Sequence] = candidates = [];
                }

                candidates.Add((id, size, parsed));
            }
        }

        var ids = new List<string>();
        long length = 0;
        LandingBlockId? last = null;
        for (int sequence = 0; own.TryGetValue(sequence, out var candidates); sequence++)
        {
            // More than one continuable block under one number cannot come from one chain of uploads: stop before it.
            var usable = candidates.Where(c => c.Size > 0 && c.Size % 64 == 0 && c.Parsed.HasState).ToList();
            if (usable.Count != 1)
            {
                break;
            }

            ids.Add(usable[0].Id);
            length += usable[0].Size;
            last = usable[0].Parsed;
        }

        var others = new List<string>();
        if (otherExport > 0)
        {
            others.Add($"{otherExport} staged blocks of another export of this window");
        }

        if (otherVersion > 0)
        {
            others.Add($"{otherVersion} staged blocks of export {key.ExportId} with another file size or checksum (the file changed)");
        }

        if (otherFormat > 0)
        {
            others.Add($"{otherFormat} staged blocks in another format (an older version or another writer)");
        }

        string? othersText = others.Count == 0 ? null : string.Join("; ", others);
        LandingDigest? digest = last?.RestoreDigest(length);
        return digest is null ? StagedPrefix.None with { Others = othersText } : new StagedPrefix(ids, length, digest, othersText);
    }

    /// <summary>Refuses names that are not sink-relative paths of plain segments.</summary>
    internal static string Validate(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string[] segments = name.Split('/');
        if (name.Contains('\\', StringComparison.Ordinal) || segments.Any(s => s.Length == 0 || s is "." or ".."))
        {
            throw new ArgumentException($"Landing name '{name}' is not a relative path of plain segments.", nameof(name));
        }

        return name;
    }

    private static async Task<(List<ManifestEntry> Entries, long Length)> ReadManifestCoreAsync(
        AppendBlobClient manifest, CancellationToken cancellationToken)
    {
        BlobDownloadResult download;
        try
        {
            download = (await manifest.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return ([], -1);
        }

        var entries = new List<ManifestEntry>();
        ReadOnlyMemory<byte> content = download.Content.ToMemory();
        foreach (string line in Encoding.UTF8.GetString(content.Span).Split('\n'))
        {
            if (line.Length > 0 && JsonSerializer.Deserialize(line, ActivitiesJsonContext.Default.ManifestEntry) is { } e)
            {
                entries.Add(e);
            }
        }

        return (entries, content.Length);
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _containerChecked) == 1)
        {
            return;
        }

        try
        {
            await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 403)
        {
            // An identity allowed to write blobs but not to create containers: the container is provisioned (infra/bicep).
        }

        Volatile.Write(ref _containerChecked, 1);
    }
}
