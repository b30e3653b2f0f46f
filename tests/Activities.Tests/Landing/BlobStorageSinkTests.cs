using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using MarketoExport.Activities.Landing;
using MarketoExport.TestHelpers;
using Microsoft.Extensions.Time.Testing;

namespace MarketoExport.Activities.Tests.Landing;

[Collection(AzuriteCollection.Name)]
public sealed class BlobStorageSinkTests(AzuriteFixture azurite)
{
    private const string Name = "leads/leads_20260101T000000Z_20260131T235959Z.csv";

    [Fact]
    public async Task CommitAsync_SmallFile_ReadsBackByteIdenticalWithSha256()
    {
        BlobContainerClient container = azurite.NewContainer();
        using var sink = new BlobStorageSink(container);
        byte[] content = Csv(rows: 1000);

        await LandAsync(sink, Name, content, chunk: 777);

        BlobDownloadResult download = (await container.GetBlobClient(Name).DownloadContentAsync()).Value;
        Assert.Equal(content, download.Content.ToArray());
        Assert.Equal(BlobType.Block, download.Details.BlobType);
        string sha = Convert.ToHexStringLower(SHA256.HashData(content));
        Assert.Equal(sha, await sink.GetSha256Async(Name, default));
        Assert.Null(await sink.GetSha256Async("leads/other.csv", default));
    }

    [Fact]
    public async Task WriteAsync_BeforeCommit_NothingVisible()
    {
        BlobContainerClient container = azurite.NewContainer();
        using var sink = new BlobStorageSink(container, blockSize: 64 * 1024);
        ILandingUpload upload = await sink.BeginAsync(Name, Key(), default);
        await using (upload)
        {
            await upload.WriteAsync(new byte[200_000], default);

            Assert.Null(await sink.GetSha256Async(Name, default));
            Assert.False(await container.GetBlobClient(Name).ExistsAsync());
            Assert.Empty(await ListAsync(container));

            await upload.CommitAsync(default);
        }

        Assert.Equal(200_000, (await container.GetBlobClient(Name).GetPropertiesAsync()).Value.ContentLength);
    }

    [Fact]
    public async Task DiscardAsync_WithoutCommit_LeavesNoBlobAndNoBlocks()
    {
        BlobContainerClient container = azurite.NewContainer();
        using var sink = new BlobStorageSink(container, blockSize: 64 * 1024);

        // What the download activity does when verification fails: discard, then dispose without commit.
        ILandingUpload upload = await sink.BeginAsync(Name, Key(), default);
        await using (upload)
        {
            await upload.WriteAsync(Csv(rows: 5000), default);
            Assert.NotEmpty(await ListAsync(container, BlobStates.Uncommitted));

            await upload.DiscardAsync(default);

            Assert.Equal(0, upload.Length);
        }

        Assert.False(await container.GetBlobClient(Name).ExistsAsync());
        Assert.Empty(await ListAsync(container, BlobStates.Uncommitted));
        Assert.Empty(await sink.ReadManifestAsync(default));
    }

    [Fact]
    public async Task DiscardAsync_OverLandedFile_KeepsTheLandedFileAndDropsTheStagedBlocks()
    {
        BlobContainerClient container = azurite.NewContainer();
        using var sink = new BlobStorageSink(container, blockSize: 64 * 1024);
        byte[] landed = Csv(rows: 100);
        await LandAsync(sink, Name, landed);
        BlobProperties before = (await container.GetBlobClient(Name).GetPropertiesAsync()).Value;

        ILandingUpload upload = await sink.BeginAsync(Name, Key("exp-2"), default);
        await using (upload)
        {
            await upload.WriteAsync(Csv(rows: 9000), default);
            Assert.Equal(landed, (await container.GetBlobClient(Name).DownloadContentAsync()).Value.Content.ToArray());

            await upload.DiscardAsync(default);
        }

        Assert.Equal(landed, (await container.GetBlobClient(Name).DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(landed)), await sink.GetSha256Async(Name, default));
        BlobProperties after = (await container.GetBlobClient(Name).GetPropertiesAsync()).Value;
        Assert.Equal(before.ContentType, after.ContentType);
        Assert.Equal(before.Metadata, after.Metadata);
        Assert.Empty((await container.GetBlockBlobClient(Name).GetBlockListAsync(BlockListTypes.Uncommitted)).Value.UncommittedBlocks);
    }

    [Fact]
    public async Task DisposeAsync_WithoutCommit_KeepsTheStagedBlocksAndTheNextBeginResumesAfterThem()
    {
        BlobContainerClient container = azurite.NewContainer();
        const int BlockSize = 64 * 1024;
        using var sink = new BlobStorageSink(container, blockSize: BlockSize);
        byte[] content = Csv(rows: 6000);
        int cut = (3 * BlockSize) + 1000; // three whole blocks staged, the rest of the buffer lost with the process

        ILandingUpload first = await sink.BeginAsync(Name, Key(size: content.Length), default);
        await using (first)
        {
            await first.WriteAsync(content.AsMemory(0, cut), default);
        }

        BlockList staged = (await container.GetBlockBlobClient(Name).GetBlockListAsync(BlockListTypes.Uncommitted)).Value;
        Assert.Equal(3, staged.UncommittedBlocks.Count());
        Assert.False(await container.GetBlobClient(Name).ExistsAsync());

        ILandingUpload second = await sink.BeginAsync(Name, Key(size: content.Length), default);
        await using (second)
        {
            Assert.Null(second.DiscardedPartial);
            Assert.Equal(3 * BlockSize, second.ResumedFrom);
            Assert.Equal(3 * BlockSize, second.Length);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content.AsSpan(0, 3 * BlockSize))), second.GetSha256());

            await second.WriteAsync(content.AsMemory(3 * BlockSize), default);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), second.GetSha256());
            Assert.Equal(6000, second.Records);
            await second.CommitAsync(default);
        }

        Assert.Equal(content, (await container.GetBlobClient(Name).DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), await sink.GetSha256Async(Name, default));
        BlockList committed = (await container.GetBlockBlobClient(Name).GetBlockListAsync(BlockListTypes.All)).Value;
        Assert.Equal((content.Length + BlockSize - 1) / BlockSize, committed.CommittedBlocks.Count());
        Assert.Equal(staged.UncommittedBlocks.Select(b => b.Name), committed.CommittedBlocks.Take(3).Select(b => b.Name));
        Assert.Empty(committed.UncommittedBlocks);
    }

    [Theory]
    [InlineData("exp-other", 0L, "another export")]
    [InlineData("exp-1", 1L, "the file changed")]
    public async Task BeginAsync_StagedBlocksOfAnotherKey_DropsThemAndStartsFromZero(string exportId, long sizeDelta, string reason)
    {
        BlobContainerClient container = azurite.NewContainer();
        using var sink = new BlobStorageSink(container, blockSize: 64 * 1024);
        byte[] content = Csv(rows: 5000);
        await using (ILandingUpload killed = await sink.BeginAsync(Name, Key("exp-1", content.Length), default))
        {
            await killed.WriteAsync(content, default);
        }

        Assert.NotEmpty(await ListAsync(container, BlobStates.Uncommitted));

        ILandingUpload upload = await sink.BeginAsync(Name, Key(exportId, content.Length + sizeDelta), default);
        await using (upload)
        {
            Assert.Equal(0, upload.ResumedFrom);
            Assert.Equal(0, upload.Length);
            Assert.Contains(reason, upload.DiscardedPartial, StringComparison.Ordinal);
            Assert.Empty(await ListAsync(container, BlobStates.Uncommitted));

            await upload.WriteAsync(content, default);
            await upload.CommitAsync(default);
        }

        Assert.Equal(content, (await container.GetBlobClient(Name).DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task BeginAsync_BlocksOfAnotherExportBesideALandedFile_DropsThemAndLeavesTheLandedFileAsItWas()
    {
        BlobContainerClient container = azurite.NewContainer();
        using var sink = new BlobStorageSink(container, blockSize: 64 * 1024);
        byte[] landed = Csv(rows: 3000, seed: 1);
        await LandAsync(sink, Name, landed);
        BlobProperties before = (await container.GetBlobClient(Name).GetPropertiesAsync()).Value;
        await using (ILandingUpload killed = await sink.BeginAsync(Name, Key("exp-killed"), default))
        {
            await killed.WriteAsync(Csv(rows: 4000, seed: 2), default);
        }

        ILandingUpload upload = await sink.BeginAsync(Name, Key("exp-new"), default);
        await using (upload)
        {
            Assert.Contains("another export", upload.DiscardedPartial, StringComparison.Ordinal);
            Assert.DoesNotContain("left in place", upload.DiscardedPartial, StringComparison.Ordinal);
            Assert.Equal(0, upload.ResumedFrom);
        }

        BlockList blocks = (await container.GetBlockBlobClient(Name).GetBlockListAsync(BlockListTypes.All)).Value;
        Assert.Empty(blocks.UncommittedBlocks);
        Assert.Equal(landed, (await container.GetBlobClient(Name).DownloadContentAsync()).Value.Content.ToArray());
        BlobProperties after = (await container.GetBlobClient(Name).GetPropertiesAsync()).Value;
        Assert.Equal((before.ContentType, before.ContentLength), (after.ContentType, after.ContentLength));
        Assert.Equal(before.Metadata, after.Metadata);
    }

    [Fact]
    public async Task BeginAsync_BlocksOfAnOlderFormat_DropsThemSoTheNewIdsCanBeStaged()
    {
        BlobContainerClient container = azurite.NewContainer();
        await container.CreateAsync();
        BlockBlobClient blob = container.GetBlockBlobClient(Name);
        // The previous id scheme: a 32-hex upload guid and an 8-digit block number, 40 bytes before base64.
        string oldId = Convert.ToBase64String(Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N") + "00000000"));
        using (var block = new MemoryStream(new byte[1000]))
        {
            await blob.StageBlockAsync(oldId, block);
        }

        using var sink = new BlobStorageSink(container, blockSize: 64 * 1024);
        byte[] content = Csv(rows: 5000);

        ILandingUpload upload = await sink.BeginAsync(Name, Key(), default);
        await using (upload)
        {
            Assert.Contains("another format", upload.DiscardedPartial, StringComparison.Ordinal);
            await upload.WriteAsync(content, default);
            await upload.CommitAsync(default);
        }

        Assert.Equal(content, (await container.GetBlobClient(Name).DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task CommitAsync_SameWindowTwice_OneBlobOfTheSecondUploadsBlocksOnly()
    {
        BlobContainerClient container = azurite.NewContainer();
        using var sink = new BlobStorageSink(container, blockSize: 64 * 1024);
        byte[] content = Csv(rows: 3000);

        await LandAsync(sink, Name, content);
        await LandAsync(sink, Name, content);

        Assert.Equal([Name], await ListAsync(container));
        BlockList blocks = (await container.GetBlockBlobClient(Name).GetBlockListAsync(BlockListTypes.All)).Value;
        Assert.Equal((content.Length + (64 * 1024) - 1) / (64 * 1024), blocks.CommittedBlocks.Count());
        Assert.Empty(blocks.UncommittedBlocks);
        Assert.Equal(content, (await container.GetBlobClient(Name).DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task CommitAsync_TwoInterleavedUploadsOfOneName_FirstCommitWinsWholeSecondFailsClearly()
    {
        BlobContainerClient container = azurite.NewContainer();
        using var sink = new BlobStorageSink(container, blockSize: 64 * 1024);
        byte[] first = Csv(rows: 4000, seed: 1);
        byte[] second = Csv(rows: 3000, seed: 2);

        // Two attempts of one activity (at-least-once delivery) racing on the same window.
        ILandingUpload a = await sink.BeginAsync(Name, Key("exp-a"), default);
        ILandingUpload b = await sink.BeginAsync(Name, Key("exp-b"), default);
        await using (a)
        await using (b)
        {
            await a.WriteAsync(first, default);
            await b.WriteAsync(second, default);
            await a.CommitAsync(default);

            IOException ex = await Assert.ThrowsAsync<IOException>(() => b.CommitAsync(default));
            Assert.Contains("committed first", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(first, (await container.GetBlobClient(Name).DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first)), await sink.GetSha256Async(Name, default));
    }

    [Fact]
    public async Task WriteAsync_50MegabyteFile_StagesBlocksWhileStreaming()
    {
        BlobContainerClient container = azurite.NewContainer();
        using var sink = new BlobStorageSink(container);
        const long Size = 50L * 1024 * 1024 + 12345;
        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] chunk = new byte[81920];
        var random = new Random(7);

        ILandingUpload upload = await sink.BeginAsync(Name, Key(), default);
        await using (upload)
        {
            for (long written = 0; written < Size; written += chunk.Length)
            {
                int n = (int)Math.Min(chunk.Length, Size - written);
                random.NextBytes(chunk);
                expected.AppendData(chunk, 0, n);
                await upload.WriteAsync(chunk.AsMemory(0, n), default);
            }

            // Every full block went to the service while the bytes streamed in; only the tail waits for the commit.
            BlockList staged = (await container.GetBlockBlobClient(Name).GetBlockListAsync(BlockListTypes.Uncommitted)).Value;
            Assert.Equal((int)(Size / BlobStorageSink.DefaultBlockSize), staged.UncommittedBlocks.Count());
            Assert.All(staged.UncommittedBlocks, blk => Assert.Equal(BlobStorageSink.DefaultBlockSize, blk.SizeLong));
            Assert.False(await container.GetBlobClient(Name).ExistsAsync());

            await upload.CommitAsync(default);
        }

        BlobProperties properties = (await container.GetBlobClient(Name).GetPropertiesAsync()).Value;
        Assert.Equal(Size, properties.ContentLength);
        string sha = Convert.ToHexStringLower(expected.GetHashAndReset());
        Assert.Equal(sha, properties.Metadata[BlobStorageSink.Sha256MetadataKey]);
        BlockList committed = (await container.GetBlockBlobClient(Name).GetBlockListAsync(BlockListTypes.Committed)).Value;
        Assert.Equal((int)(Size / BlobStorageSink.DefaultBlockSize) + 1, committed.CommittedBlocks.Count());

        // The content itself, hashed from the service (no metadata shortcut).
        using SHA256 hash = SHA256.Create();
        Stream read = await container.GetBlobClient(Name).OpenReadAsync();
        await using (read)
        {
            Assert.Equal(sha, Convert.ToHexStringLower(await hash.ComputeHashAsync(read)));
        }
    }

    [Fact]
    public async Task GetSha256Async_BlobWithoutMetadata_HashesTheContent()
    {
        BlobContainerClient container = azurite.NewContainer();
        await container.CreateAsync();
        byte[] content = Csv(rows: 200);
        await container.GetBlobClient(Name).UploadAsync(new BinaryData(content));
        using var sink = new BlobStorageSink(container);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), await sink.GetSha256Async(Name, default));
    }

    [Fact]
    public async Task AppendManifestAsync_Entries_AppendBlobWithTheFolderSinksLines()
    {
        BlobContainerClient container = azurite.NewContainer();
        using var sink = new BlobStorageSink(container);
        string folder = Path.Combine(Path.GetTempPath(), "mde-blobsink-" + Guid.NewGuid().ToString("N"));
        using var local = new LocalFolderSink(folder);
        try
        {
            ManifestEntry first = Entry(Name, "aa");
            ManifestEntry second = Entry("activities/activities_20260101T000000Z_20260131T235959Z.csv", "bb");
            foreach (ILandingSink s in new ILandingSink[] { sink, local })
            {
                await s.AppendManifestAsync(first, default);
                await s.AppendManifestAsync(second, default);
                await s.AppendManifestAsync(first, default);
                await s.AppendManifestAsync(first with { Sha256 = "cc" }, default);
            }

            BlobDownloadResult manifest = (await container.GetBlobClient(LandingNames.Manifest).DownloadContentAsync()).Value;
            Assert.Equal(BlobType.Append, manifest.Details.BlobType);
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(folder, LandingNames.Manifest)), manifest.Content.ToString());
            Assert.Equal([first, second, first with { Sha256 = "cc" }], await sink.ReadManifestAsync(default));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AppendManifestAsync_TwoSinksOnOneContainerConcurrently_EachLineOnce()
    {
        BlobContainerClient container = azurite.NewContainer();
        using var a = new BlobStorageSink(container);
        using var b = new BlobStorageSink(azurite.NewContainerClient(container.Name));
        ManifestEntry[] entries = Enumerable.Range(0, 10).Select(i => Entry($"leads/f{i}.csv", $"{i:x2}")).ToArray();

        // Two processes' worth of sinks race on every line: the append-position condition keeps each line once.
        await Task.WhenAll(entries.SelectMany(e => new[] { a.AppendManifestAsync(e, default), b.AppendManifestAsync(e, default) }));

        IReadOnlyList<ManifestEntry> manifest = await a.ReadManifestAsync(default);
        Assert.Equal(10, manifest.Count);
        Assert.Equal(entries.Select(e => e.File).Order(StringComparer.Ordinal), manifest.Select(e => e.File).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RemoveAbandonedUploadsAsync_KilledUpload_RemovedOnceOlderThanTheGrace()
    {
        BlobContainerClient container = azurite.NewContainer();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var sink = new BlobStorageSink(container, clock, blockSize: 64 * 1024);
        await LandAsync(sink, "leads/kept.csv", Csv(rows: 10));

        // A process killed mid-upload: blocks staged, never committed, never disposed.
        ILandingUpload abandoned = await sink.BeginAsync(Name, Key(), default);
        await abandoned.WriteAsync(new byte[150_000], default);
        Assert.Equal([Name], (await ListAsync(container, BlobStates.Uncommitted)).Except(await ListAsync(container)));

        Assert.Equal(0, await sink.RemoveAbandonedUploadsAsync(TimeSpan.FromHours(1), default));
        Assert.Contains(Name, await ListAsync(container, BlobStates.Uncommitted));

        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await sink.RemoveAbandonedUploadsAsync(TimeSpan.FromHours(1), default));

        Assert.Equal(["leads/kept.csv"], await ListAsync(container, BlobStates.Uncommitted));
        Assert.NotNull(await sink.GetSha256Async("leads/kept.csv", default));
    }

    [Fact]
    public async Task BeginAsync_NameLeavingTheContainerRoot_Throws()
    {
        using var sink = new BlobStorageSink(azurite.NewContainer());

        await Assert.ThrowsAsync<ArgumentException>(() => sink.BeginAsync("../leads/x.csv", Key(), default));
        await Assert.ThrowsAsync<ArgumentException>(() => sink.BeginAsync("/leads/x.csv", Key(), default));
        await Assert.ThrowsAsync<ArgumentException>(() => sink.BeginAsync("leads\\x.csv", Key(), default));
    }

    private static async Task LandAsync(BlobStorageSink sink, string name, byte[] content, int chunk = 81920)
    {
        ILandingUpload upload = await sink.BeginAsync(name, Key(), default);
        await using (upload)
        {
            for (int i = 0; i < content.Length; i += chunk)
            {
                await upload.WriteAsync(content.AsMemory(i, Math.Min(chunk, content.Length - i)), default);
            }

            Assert.Equal(content.Length, upload.Length);
            await upload.CommitAsync(default);
        }
    }

    private static async Task<List<string>> ListAsync(BlobContainerClient container, BlobStates states = BlobStates.None)
    {
        var names = new List<string>();
        if (!await container.ExistsAsync())
        {
            return names;
        }

        await foreach (BlobItem item in container.GetBlobsAsync(new GetBlobsOptions { States = states }))
        {
            names.Add(item.Name);
        }

        return names;
    }

    private static LandingResumeKey Key(string exportId = "exp-1", long? size = null) => new(exportId, size, null);

    private static byte[] Csv(int rows, int seed = 0)
    {
        var sb = new StringBuilder("id,email,updatedAt\n");
        for (int i = 0; i < rows; i++)
        {
            sb.Append(i + seed).Append(",\"user").Append(i).Append("@example.com\",2026-01-0").Append((i % 9) + 1).Append("T00:00:00Z\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static ManifestEntry Entry(string file, string sha) => new(
        "leads",
        new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        new DateTime(2026, 1, 31, 23, 59, 59, DateTimeKind.Utc),
        "exp-1",
        file,
        3000,
        123456,
        sha,
        new DateTimeOffset(2026, 2, 1, 2, 0, 0, TimeSpan.Zero));
}
