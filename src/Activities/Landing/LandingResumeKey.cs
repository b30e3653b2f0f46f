using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MarketoExport.Activities.Landing;

/// <summary>
/// Whose bytes a partial download holds: the Marketo export whose file it is, and that file's size and checksum as the
/// job's status reported them. <see cref="ILandingSink.BeginAsync"/> resumes a partial only for an equal key; a partial
/// of another export of the same window, or of a file whose size or checksum changed, is discarded.
/// </summary>
/// <param name="ExportId">The export job id.</param>
/// <param name="FileSize">The file size from the job's status, when it said.</param>
/// <param name="FileChecksum">The file checksum from the job's status, when it said.</param>
public sealed record LandingResumeKey(string ExportId, long? FileSize, string? FileChecksum)
{
    /// <summary>48 bits of the SHA-256 of the export id: in partial names and block ids (nothing from Marketo goes into a name).</summary>
    internal ulong ExportTag => Tag(ExportId);

    /// <summary>48 bits of the SHA-256 of size and checksum: tells another version of the same export's file apart.</summary>
    internal ulong VersionTag => Tag(string.Create(CultureInfo.InvariantCulture, $"{FileSize}|{FileChecksum}"));

    /// <summary>Throws when the key cannot identify a partial.</summary>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ExportId))
        {
            throw new ArgumentException("A resume key needs the export id.", nameof(ExportId));
        }
    }

    private static ulong Tag(string value)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash) >> 16;
    }
}
