using System.Security.Cryptography;
using System.Text;
using MarketoExport.Activities.Landing;

namespace MarketoExport.Activities.Tests.Landing;

public sealed class LandingBlockIdTests
{
    [Fact]
    public void Create_ThenTryParse_KeepsKeyTagsNumberAndState()
    {
        var key = new LandingResumeKey("a7f0c4e2-1111-2222-3333-444455556666", 123_456, "sha256:abc");
        using LandingDigest digest = LandingDigest.CreateResumable();
        byte[] csv = QuotedCsv(rows: 50);
        digest.Append(csv.AsSpan(0, 640));

        string id = LandingBlockId.Create(key, 41, digest);
        LandingBlockId parsed = LandingBlockId.TryParse(id) ?? throw new InvalidOperationException("not parsed");

        Assert.Equal(80, id.Length); // 58 bytes in base64; the service allows 64 bytes before encoding
        Assert.Equal((key.ExportTag, key.VersionTag, 41), (parsed.ExportTag, parsed.VersionTag, parsed.Sequence));
        Assert.True(parsed.HasState);
        using LandingDigest restored = parsed.RestoreDigest(640) ?? throw new InvalidOperationException("no state");
        Assert.Equal(digest.GetSha256(), restored.GetSha256());
        Assert.NotEqual(key.VersionTag, (key with { FileSize = 123_457 }).VersionTag);
        Assert.Null(LandingBlockId.TryParse(Convert.ToBase64String(Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N") + "00000000"))));
    }

    [Fact]
    public void FindStagedPrefix_GapsTailsAndOtherKeys_KeepsOnlyTheContiguousRunFromBlockZero()
    {
        var key = new LandingResumeKey("exp-1", 10_000, null);
        byte[] data = new byte[10_000];
        new Random(3).NextBytes(data);
        List<(string Id, long Size)> blocks = Blocks(key, data, blockSize: 1024, count: 4);
        (string Id, long Size) otherExport = Blocks(key with { ExportId = "exp-2" }, data, 1024, 1)[0];
        (string Id, long Size) afterGap = Blocks(key, data, 1024, 6)[5];
        (string Id, long Size) tail = Tail(key, data, blocks: 4, tailSize: 1000);

        StagedPrefix all = BlobStorageSink.FindStagedPrefix([.. blocks, tail], key);
        StagedPrefix gap = BlobStorageSink.FindStagedPrefix([blocks[0], blocks[1], blocks[3], afterGap], key);
        StagedPrefix mixed = BlobStorageSink.FindStagedPrefix([.. blocks, otherExport], key);
        StagedPrefix none = BlobStorageSink.FindStagedPrefix(blocks, key with { FileChecksum = "changed" });

        Assert.Equal((4, 4096L), (all.BlockIds.Count, all.Length));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data.AsSpan(0, 4096))), all.Digest!.GetSha256());
        Assert.Null(all.Others);
        Assert.Equal((2, 2048L), (gap.BlockIds.Count, gap.Length));
        Assert.Contains("another export", mixed.Others, StringComparison.Ordinal);
        Assert.Empty(none.BlockIds);
        Assert.Contains("the file changed", none.Others, StringComparison.Ordinal);
    }

    private static List<(string Id, long Size)> Blocks(LandingResumeKey key, byte[] data, int blockSize, int count)
    {
        using LandingDigest digest = LandingDigest.CreateResumable();
        var blocks = new List<(string, long)>();
        for (int i = 0; i < count; i++)
        {
            digest.Append(data.AsSpan(i * blockSize, blockSize));
            blocks.Add((LandingBlockId.Create(key, i, digest), blockSize));
        }

        return blocks;
    }

    private static (string Id, long Size) Tail(LandingResumeKey key, byte[] data, int blocks, int tailSize)
    {
        // A last block that does not end on a 64-byte boundary: its id carries no state to continue from.
        using LandingDigest digest = LandingDigest.CreateResumable();
        digest.Append(data.AsSpan(0, (blocks * 1024) + tailSize));
        string id = LandingBlockId.Create(key, blocks, digest);
        Assert.False(LandingBlockId.TryParse(id)!.HasState);
        return (id, tailSize);
    }

    private static byte[] QuotedCsv(int rows)
    {
        // Quoted values with newlines, doubled quotes and CRLF, so cuts fall inside quotes as well as between records.
        var sb = new StringBuilder("id,note,updatedAt\r\n");
        for (int i = 0; i < rows; i++)
        {
            sb.Append(i).Append(",\"line one\nline \"\"two\"\", ").Append(new string('x', i % 97)).Append("\",2026-01-01\r\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
