using System.Security.Cryptography;
using System.Text;
using MarketoExport.Activities.Landing;
using MarketoExport.TestHelpers;
using Microsoft.Extensions.Time.Testing;

namespace MarketoExport.Activities.Tests.Landing;

public sealed class LocalFolderSinkTests : IDisposable
{
    private const string Name = "leads/leads_20260101T000000Z_20260131T235959Z.csv";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mde-folder-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task BeginAsync_AfterAnUncommittedDispose_ResumesWithTheHashAndRecordsOfTheWholeFile()
    {
        using var sut = new LocalFolderSink(_root);
        byte[] csv = QuotedCsv(rows: 2000);
        LandingResumeKey key = Key(csv.Length);
        int cut = Array.IndexOf(csv, (byte)'\n', csv.Length / 2) - 3; // inside a quoted value that spans a newline

        ILandingUpload first = await sut.BeginAsync(Name, key, default);
        await using (first)
        {
            await first.WriteAsync(csv.AsMemory(0, cut), default);
        }

        Assert.Equal(cut, new FileInfo(sut.PartialPath(Name, key)).Length);
        Assert.False(File.Exists(Path.Combine(_root, Name)));

        ILandingUpload second = await sut.BeginAsync(Name, key, default);
        await using (second)
        {
            Assert.Equal((cut, (long)cut), (second.ResumedFrom, second.Length));
            Assert.Null(second.DiscardedPartial);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(csv.AsSpan(0, cut))), second.GetSha256());

            await second.WriteAsync(csv.AsMemory(cut), default);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(csv)), second.GetSha256());
            Assert.Equal(2000, second.Records);
            await second.CommitAsync(default);
        }

        Assert.Equal(csv, await File.ReadAllBytesAsync(Path.Combine(_root, Name)));
        Assert.Equal([Name], Files());
    }

    [Theory]
    [InlineData("exp-2", 0, "another export")]
    [InlineData("exp-1", 1, "the file changed")]
    public async Task BeginAsync_PartialOfAnotherKey_DiscardsItAndStartsFromZero(string exportId, long sizeDelta, string reason)
    {
        using var sut = new LocalFolderSink(_root);
        byte[] csv = QuotedCsv(rows: 100);
        await using (ILandingUpload killed = await sut.BeginAsync(Name, Key(csv.Length), default))
        {
            await killed.WriteAsync(csv.AsMemory(0, 1000), default);
        }

        ILandingUpload upload = await sut.BeginAsync(Name, new LandingResumeKey(exportId, csv.Length + sizeDelta, "sha256:x"), default);
        await using (upload)
        {
            Assert.Equal((0L, 0L), (upload.ResumedFrom, upload.Length));
            Assert.Contains(reason, upload.DiscardedPartial, StringComparison.Ordinal);
            Assert.False(File.Exists(sut.PartialPath(Name, Key(csv.Length))));
            await upload.WriteAsync(csv, default);
            await upload.CommitAsync(default);
        }

        Assert.Equal(csv, await File.ReadAllBytesAsync(Path.Combine(_root, Name)));
        Assert.Equal([Name], Files());
    }

    [Fact]
    public async Task BeginAsync_PartialInTheOldFormat_DiscardsIt()
    {
        using var sut = new LocalFolderSink(_root);
        Directory.CreateDirectory(Path.Combine(_root, "leads"));
        string old = Path.Combine(_root, "leads", ".leads_20260101T000000Z_20260131T235959Z.csv.partial");
        await File.WriteAllTextAsync(old, "id\n1\n");

        await using ILandingUpload upload = await sut.BeginAsync(Name, Key(10), default);

        Assert.Contains("older format", upload.DiscardedPartial, StringComparison.Ordinal);
        Assert.False(File.Exists(old));
    }

    [Fact]
    public async Task BeginAsync_PartialLongerThanTheFile_StartsFromZero()
    {
        using var sut = new LocalFolderSink(_root);
        await using (ILandingUpload killed = await sut.BeginAsync(Name, Key(100), default))
        {
            await killed.WriteAsync(new byte[150], default);
        }

        await using ILandingUpload upload = await sut.BeginAsync(Name, Key(100), default);

        Assert.Equal(0, upload.Length);
        Assert.Contains("more than the file's 100", upload.DiscardedPartial, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BeginAsync_PartialStillOpenByAnotherWriter_FailsWithIOExceptionInsteadOfInterleaving()
    {
        using var sut = new LocalFolderSink(_root);
        await using ILandingUpload running = await sut.BeginAsync(Name, Key(100), default);
        await running.WriteAsync(new byte[10], default);

        await Assert.ThrowsAsync<IOException>(() => sut.BeginAsync(Name, Key(100), default));

        Assert.Equal(10, running.Length);
    }

    [Fact]
    public async Task RemoveTemporaryFiles_KeepsPartialsYoungerThanAWeekForTheirResume()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var sut = new LocalFolderSink(_root, clock);
        string other = "leads/leads_20260201T000000Z_20260228T235959Z.csv";
        await using (ILandingUpload young = await sut.BeginAsync(Name, Key(100), default))
        {
            await young.WriteAsync(new byte[10], default);
        }

        await using (ILandingUpload old = await sut.BeginAsync(other, Key(100), default))
        {
            await old.WriteAsync(new byte[10], default);
        }

        File.SetLastWriteTimeUtc(sut.PartialPath(other, Key(100)), clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(8));

        Assert.Equal(1, sut.RemoveTemporaryFiles());

        Assert.True(File.Exists(sut.PartialPath(Name, Key(100))));
        Assert.False(File.Exists(sut.PartialPath(other, Key(100))));
        clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(1, sut.RemoveTemporaryFiles());
        Assert.Empty(Files());
    }

    private static LandingResumeKey Key(long size) => new("exp-1", size, "sha256:x");

    private IReadOnlyList<string> Files() => new LandingFolder(_root).Files();

    private static byte[] QuotedCsv(int rows)
    {
        var sb = new StringBuilder("id,note\n");
        for (int i = 0; i < rows; i++)
        {
            sb.Append(i).Append(",\"first line\nsecond \"\"quoted\"\" line\"\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
