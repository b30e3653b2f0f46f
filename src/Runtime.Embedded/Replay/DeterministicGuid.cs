using System.Security.Cryptography;
using System.Text;

namespace MarketoExport.Runtime.Embedded.Replay;

/// <summary>Name-based (RFC 9562 version 5) GUIDs, so an orchestrator gets the same GUIDs on every replay.</summary>
internal static class DeterministicGuid
{
    // A fixed namespace for this engine's orchestration GUIDs.
    private static readonly Guid Namespace = new("9a6c2f4e-51d3-4d0b-8f7e-3c2b1a0d9e88");

    public static Guid Create(string name)
    {
        Span<byte> ns = stackalloc byte[16];
        Namespace.TryWriteBytes(ns, bigEndian: true, out _);
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        byte[] buffer = new byte[16 + nameBytes.Length];
        ns.CopyTo(buffer);
        nameBytes.CopyTo(buffer, 16);
#pragma warning disable CA5350 // SHA-1 is what UUID version 5 is defined with; not used for security.
        byte[] hash = SHA1.HashData(buffer);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
