using System.Buffers.Binary;

namespace MarketoExport.Activities.Landing;

/// <summary>
/// The id of a block staged by <see cref="BlobLandingUpload"/>: deterministic, so a later execution can tell its own
/// staged blocks from the blob's uncommitted block list and continue after them. 58 bytes before base64 (the service
/// allows 64, and one length per blob):
/// <list type="table">
/// <item><term>0</term><description>format (1)</description></item>
/// <item><term>1-6</term><description><see cref="LandingResumeKey.ExportTag"/></description></item>
/// <item><term>7-12</term><description><see cref="LandingResumeKey.VersionTag"/></description></item>
/// <item><term>13-16</term><description>block number, from 0</description></item>
/// <item><term>17-57</term><description>
/// the <see cref="LandingDigest"/> state after this block (SHA-256 state and CSV counter), because staged blocks cannot
/// be read back to hash them again; zeros for a last block that does not end on a 64-byte boundary.
/// </description></item>
/// </list>
/// The state also makes the id content-addressed: the same id stands for the same bytes at the same place.
/// </summary>
internal sealed class LandingBlockId
{
    /// <summary>Bytes before base64.</summary>
    public const int Size = HeaderSize + LandingDigest.StateSize;

    private const int HeaderSize = 17;
    private const byte Format = 1;
    private readonly byte[] _state;

    private LandingBlockId(ulong exportTag, ulong versionTag, int sequence, byte[] state)
    {
        ExportTag = exportTag;
        VersionTag = versionTag;
        Sequence = sequence;
        _state = state;
    }

    /// <summary>See <see cref="LandingResumeKey.ExportTag"/>.</summary>
    public ulong ExportTag { get; }

    /// <summary>See <see cref="LandingResumeKey.VersionTag"/>.</summary>
    public ulong VersionTag { get; }

    /// <summary>The block's number in its upload, from 0.</summary>
    public int Sequence { get; }

    /// <summary>The id of block <paramref name="sequence"/> whose last byte is the last byte <paramref name="digest"/> was fed.</summary>
    public static string Create(LandingResumeKey key, int sequence, LandingDigest digest)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        Span<byte> id = stackalloc byte[Size];
        id[0] = Format;
        WriteTag(id[1..], key.ExportTag);
        WriteTag(id[7..], key.VersionTag);
        BinaryPrimitives.WriteInt32BigEndian(id[13..], sequence);
        digest.TryWriteState(id[HeaderSize..]);
        return Convert.ToBase64String(id);
    }

    /// <summary>The parsed id, or null when <paramref name="base64"/> is not an id of this format (another writer's, an older one).</summary>
    public static LandingBlockId? TryParse(string base64)
    {
        Span<byte> id = stackalloc byte[Size];
        if (base64 is null || base64.Length != (Size + 2) / 3 * 4 || !Convert.TryFromBase64String(base64, id, out int written) || written != Size || id[0] != Format)
        {
            return null;
        }

        int sequence = BinaryPrimitives.ReadInt32BigEndian(id[13..]);
        return sequence < 0 ? null : new LandingBlockId(ReadTag(id[1..]), ReadTag(id[7..]), sequence, id[HeaderSize..].ToArray());
    }

    /// <summary>The digest after this block, the file's first <paramref name="length"/> bytes; null when the id holds no state for that length.</summary>
    public LandingDigest? RestoreDigest(long length) => LandingDigest.FromState(_state, length);

    /// <summary>Whether the id holds a state to continue from (not a last block cut off a 64-byte boundary).</summary>
    public bool HasState => LandingDigest.IsSavedState(_state);

    private static void WriteTag(Span<byte> destination, ulong tag)
    {
        for (int i = 0; i < 6; i++)
        {
            destination[i] = (byte)(tag >> (8 * (5 - i)));
        }
    }

    private static ulong ReadTag(ReadOnlySpan<byte> source)
    {
        ulong tag = 0;
        for (int i = 0; i < 6; i++)
        {
            tag = (tag << 8) | source[i];
        }

        return tag;
    }
}
