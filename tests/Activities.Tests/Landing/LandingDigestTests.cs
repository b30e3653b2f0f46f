using System.Security.Cryptography;
using System.Text;
using MarketoExport.Activities.Landing;

namespace MarketoExport.Activities.Tests.Landing;

public sealed class LandingDigestTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(119)]
    [InlineData(120)]
    [InlineData(128)]
    [InlineData(1000)]
    [InlineData(300_001)]
    public void ResumableSha256_AnyLengthInRandomChunks_EqualsThePlatformsSha256(int length)
    {
        var rng = new Random(length);
        byte[] data = new byte[length];
        rng.NextBytes(data);
        var sut = new ResumableSha256();

        for (int i = 0; i < data.Length;)
        {
            int n = Math.Min(rng.Next(1, 200), data.Length - i);
            sut.Append(data.AsSpan(i, n));
            i += n;
        }

        byte[] hash = new byte[32];
        sut.GetCurrentHash(hash);
        Assert.Equal(SHA256.HashData(data), hash);
        Assert.Equal(length, sut.Length);
    }

    [Fact]
    public void ResumableSha256_KnownAnswer_Abc()
    {
        var sut = new ResumableSha256();
        sut.Append("abc"u8);
        byte[] hash = new byte[32];

        sut.GetCurrentHash(hash);

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(hash));
    }

    [Fact]
    public void TryWriteState_OffA64ByteBoundary_Fails()
    {
        using LandingDigest sut = LandingDigest.CreateResumable();
        sut.Append(new byte[100]);
        byte[] state = new byte[LandingDigest.StateSize];

        Assert.False(sut.TryWriteState(state));
        Assert.False(LandingDigest.IsSavedState(state));
        Assert.Null(LandingDigest.FromState(state, 64));
    }

    [Fact]
    public void FromState_SavedAtEveryBoundaryOfACsvWithQuotedNewlines_ContinuesExactlyAsOneGo()
    {
        byte[] csv = QuotedCsv(rows: 400);
        using LandingDigest oneGo = LandingDigest.Create();
        oneGo.Append(csv);

        for (int cut = 0; cut < csv.Length; cut += 64 * 7)
        {
            using LandingDigest first = LandingDigest.CreateResumable();
            first.Append(csv.AsSpan(0, cut));
            byte[] state = new byte[LandingDigest.StateSize];
            Assert.True(first.TryWriteState(state));

            using LandingDigest resumed = LandingDigest.FromState(state, cut) ?? throw new InvalidOperationException("no state at " + cut);
            resumed.Append(csv.AsSpan(cut));

            Assert.Equal(oneGo.GetSha256(), resumed.GetSha256());
            Assert.Equal(oneGo.DataRecords, resumed.DataRecords);
            Assert.Equal(csv.Length, resumed.Length);
        }

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(csv)), oneGo.GetSha256());
        Assert.Equal(400, oneGo.DataRecords);
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
