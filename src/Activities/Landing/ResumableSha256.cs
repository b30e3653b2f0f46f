using System.Buffers.Binary;
using System.Numerics;

namespace MarketoExport.Activities.Landing;

/// <summary>
/// SHA-256 (FIPS 180-4) whose state between 64-byte blocks can be saved and restored. The platform's SHA-256 cannot
/// export its state, and the blob sink needs it: staged blocks cannot be read back (no Blob Storage operation returns an
/// uncommitted block's bytes), so a resumed upload continues the hash from the state saved with its last staged block.
/// Slower than the platform's implementation, so only uploads that must save their state use it.
/// </summary>
internal sealed class ResumableSha256
{
    /// <summary>Bytes of a saved state: the eight 32-bit working values, big-endian.</summary>
    public const int StateSize = 32;

    /// <summary>Bytes of the digest.</summary>
    public const int HashSize = 32;

    private const int BlockSize = 64;
    private readonly uint[] _h = new uint[8];
    private readonly byte[] _pending = new byte[BlockSize];
    private int _pendingCount;

    /// <summary>A hash of no bytes.</summary>
    public ResumableSha256()
    {
        Initial.CopyTo(_h);
    }

    private ResumableSha256(ReadOnlySpan<byte> state, long length)
    {
        for (int i = 0; i < 8; i++)
        {
            _h[i] = BinaryPrimitives.ReadUInt32BigEndian(state[(i * 4)..]);
        }

        Length = length;
    }

    /// <summary>Bytes hashed so far.</summary>
    public long Length { get; private set; }

    private static ReadOnlySpan<uint> Initial =>
    [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ];

    private static ReadOnlySpan<uint> K =>
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    /// <summary>
    /// Restores a state saved by <see cref="TryWriteState"/> after <paramref name="length"/> bytes (a multiple of 64).
    /// </summary>
    public static ResumableSha256 FromState(ReadOnlySpan<byte> state, long length)
    {
        if (state.Length != StateSize)
        {
            throw new ArgumentException($"A SHA-256 state is {StateSize} bytes, not {state.Length}.", nameof(state));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length % BlockSize != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A SHA-256 state is saved only after a multiple of 64 bytes.");
        }

        return new ResumableSha256(state, length);
    }

    /// <summary>Feeds the next bytes.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        Length += data.Length;
        if (_pendingCount > 0)
        {
            int n = Math.Min(data.Length, BlockSize - _pendingCount);
            data[..n].CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount += n;
            data = data[n..];
            if (_pendingCount < BlockSize)
            {
                return;
            }

            Compress(_h, _pending);
            _pendingCount = 0;
        }

        int whole = data.Length - (data.Length % BlockSize);
        if (whole > 0)
        {
            Compress(_h, data[..whole]);
            data = data[whole..];
        }

        data.CopyTo(_pending);
        _pendingCount = data.Length;
    }

    /// <summary>
    /// Writes the state (<see cref="StateSize"/> bytes) when the bytes so far are a multiple of 64; false otherwise
    /// (the state would also need the bytes of the unfinished block).
    /// </summary>
    public bool TryWriteState(Span<byte> destination)
    {
        if (_pendingCount != 0 || destination.Length < StateSize)
        {
            return false;
        }

        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(i * 4)..], _h[i]);
        }

        return true;
    }

    /// <summary>The digest of the bytes so far; more bytes may follow.</summary>
    public void GetCurrentHash(Span<byte> destination)
    {
        if (destination.Length < HashSize)
        {
            throw new ArgumentException($"The destination holds fewer than {HashSize} bytes.", nameof(destination));
        }

        Span<uint> h = stackalloc uint[8];
        _h.CopyTo(h);

        // Padding: 0x80, zeros up to 56 mod 64, then the length in bits (big-endian 64-bit).
        Span<byte> tail = stackalloc byte[BlockSize * 2];
        tail.Clear();
        _pending.AsSpan(0, _pendingCount).CopyTo(tail);
        tail[_pendingCount] = 0x80;
        int tailLength = _pendingCount < 56 ? BlockSize : BlockSize * 2;
        BinaryPrimitives.WriteUInt64BigEndian(tail[(tailLength - 8)..], (ulong)Length * 8);
        Compress(h, tail[..tailLength]);

        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(i * 4)..], h[i]);
        }
    }

    private static void Compress(Span<uint> state, ReadOnlySpan<byte> blocks)
    {
        Span<uint> w = stackalloc uint[64];
        ReadOnlySpan<uint> k = K;
        uint h0 = state[0], h1 = state[1], h2 = state[2], h3 = state[3], h4 = state[4], h5 = state[5], h6 = state[6], h7 = state[7];
        for (int offset = 0; offset < blocks.Length; offset += BlockSize)
        {
            ReadOnlySpan<byte> block = blocks.Slice(offset, BlockSize);
            for (int t = 0; t < 16; t++)
            {
                w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(t * 4)..]);
            }

            for (int t = 16; t < 64; t++)
            {
                uint w15 = w[t - 15];
                uint w2 = w[t - 2];
                uint s0 = BitOperations.RotateRight(w15, 7) ^ BitOperations.RotateRight(w15, 18) ^ (w15 >> 3);
                uint s1 = BitOperations.RotateRight(w2, 17) ^ BitOperations.RotateRight(w2, 19) ^ (w2 >> 10);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }

            uint a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
            for (int t = 0; t < 64; t++)
            {
                uint s1 = BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25);
                uint ch = (e & f) ^ (~e & g);
                uint t1 = h + s1 + ch + k[t] + w[t];
                uint s0 = BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22);
                uint maj = (a & b) ^ (a & c) ^ (b & c);
                uint t2 = s0 + maj;
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }

            h0 += a;
            h1 += b;
            h2 += c;
            h3 += d;
            h4 += e;
            h5 += f;
            h6 += g;
            h7 += h;
        }

        state[0] = h0;
        state[1] = h1;
        state[2] = h2;
        state[3] = h3;
        state[4] = h4;
        state[5] = h5;
        state[6] = h6;
        state[7] = h7;
    }
}
