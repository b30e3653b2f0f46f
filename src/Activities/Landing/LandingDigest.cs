using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MarketoExport.Activities.Landing;

/// <summary>
/// SHA-256 and CSV record count of a landing file's bytes, fed in order. An upload owns one and feeds it every byte of
/// the file, the bytes an earlier execution landed first, so both cover the whole file however many executions wrote
/// it. Two kinds: the platform's SHA-256 (<see cref="Create"/>; the folder sink reads its partial back to resume), and
/// one whose state can be saved after a multiple of 64 bytes (<see cref="CreateResumable"/>; the blob sink keeps that
/// state in each staged block's id, because staged blocks cannot be read back).
/// </summary>
internal sealed class LandingDigest : IDisposable
{
    /// <summary>Bytes of a saved state: SHA-256 state, CSV lines (big-endian), CSV flags.</summary>
    public const int StateSize = ResumableSha256.StateSize + 8 + 1;

    private const byte InQuotesFlag = 1;
    private const byte LineHasDataFlag = 2;
    private const byte ValidFlag = 0x80;

    private readonly IncrementalHash? _platform;
    private readonly ResumableSha256? _resumable;
    private readonly CsvRecordCounter _counter;

    private LandingDigest(IncrementalHash? platform, ResumableSha256? resumable, CsvRecordCounter counter, long length)
    {
        _platform = platform;
        _resumable = resumable;
        _counter = counter;
        Length = length;
    }

    /// <summary>Bytes fed so far.</summary>
    public long Length { get; private set; }

    /// <summary>CSV data records in the bytes so far (the header excluded).</summary>
    public long DataRecords => _counter.DataRecords;

    /// <summary>Whether <see cref="TryWriteState"/> can ever succeed.</summary>
    public bool CanSaveState => _resumable is not null;

    /// <summary>A digest with the platform's SHA-256, whose state cannot be saved.</summary>
    public static LandingDigest Create() => new(IncrementalHash.CreateHash(HashAlgorithmName.SHA256), null, new CsvRecordCounter(), 0);

    /// <summary>A digest whose state can be saved after a multiple of 64 bytes.</summary>
    public static LandingDigest CreateResumable() => new(null, new ResumableSha256(), new CsvRecordCounter(), 0);

    /// <summary>
    /// Restores a state saved by <see cref="TryWriteState"/> after <paramref name="length"/> bytes; null when
    /// <paramref name="state"/> is not a saved state or does not fit that length.
    /// </summary>
    public static LandingDigest? FromState(ReadOnlySpan<byte> state, long length)
    {
        if (state.Length != StateSize || length < 0 || length % 64 != 0)
        {
            return null;
        }

        byte flags = state[StateSize - 1];
        long lines = BinaryPrimitives.ReadInt64BigEndian(state[ResumableSha256.StateSize..]);
        if (!IsSavedState(state) || lines < 0 || lines > length)
        {
            return null;
        }

        var counter = new CsvRecordCounter(lines, (flags & InQuotesFlag) != 0, (flags & LineHasDataFlag) != 0);
        return new LandingDigest(null, ResumableSha256.FromState(state[..ResumableSha256.StateSize], length), counter, length);
    }

    /// <summary>Whether <paramref name="state"/> was written by a successful <see cref="TryWriteState"/>.</summary>
    public static bool IsSavedState(ReadOnlySpan<byte> state) => state.Length == StateSize && (state[^1] & ValidFlag) != 0;

    /// <summary>Feeds the next bytes.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_platform is not null)
        {
            _platform.AppendData(data);
        }
        else
        {
            _resumable!.Append(data);
        }

        _counter.Append(data);
        Length += data.Length;
    }

    /// <summary>Lowercase hex SHA-256 of the bytes so far; more may follow.</summary>
    public string GetSha256()
    {
        Span<byte> hash = stackalloc byte[ResumableSha256.HashSize];
        if (_platform is not null)
        {
            _platform.GetCurrentHash(hash);
        }
        else
        {
            _resumable!.GetCurrentHash(hash);
        }

        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Writes the state (<see cref="StateSize"/> bytes) of a resumable digest after a multiple of 64 bytes; otherwise
    /// writes zeros (a state no one can restore) and returns false.
    /// </summary>
    public bool TryWriteState(Span<byte> destination)
    {
        Span<byte> state = destination[..StateSize];
        state.Clear();
        if (_resumable is null || !_resumable.TryWriteState(state))
        {
            state.Clear();
            return false;
        }

        BinaryPrimitives.WriteInt64BigEndian(state[ResumableSha256.StateSize..], _counter.Lines);
        state[StateSize - 1] = (byte)(ValidFlag | (_counter.InQuotes ? InQuotesFlag : 0) | (_counter.LineHasData ? LineHasDataFlag : 0));
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _platform?.Dispose();
}
