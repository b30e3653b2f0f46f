using System.Security.Cryptography;

namespace MarketoExport.Marketo.BulkExport;

/// <summary>
/// Incremental SHA-256 of an export file, fed chunk by chunk (across Range resumes), compared with the job's
/// <see cref="ExportJob.FileChecksum"/> (<c>sha256:&lt;lowercase hex&gt;</c>).
/// </summary>
public sealed class ExportFileChecksum : IDisposable
{
    private const string Prefix = "sha256:";
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Bytes appended so far.</summary>
    public long BytesHashed { get; private set; }

    /// <summary>Adds the next bytes of the file.</summary>
    /// <param name="data">The bytes, in file order.</param>
    public void Append(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        BytesHashed += data.Length;
    }

    /// <summary>Finishes the hash and returns it as <c>sha256:&lt;hex&gt;</c>; the instance can then be reused.</summary>
    /// <returns>The checksum text.</returns>
    public string GetChecksumAndReset()
    {
        BytesHashed = 0;
        return Prefix + Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    /// <summary>Computes <c>sha256:&lt;hex&gt;</c> over the rest of a stream.</summary>
    /// <param name="stream">The stream to read to its end.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checksum text.</returns>
    public static async Task<string> ComputeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var bytes = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Prefix + Convert.ToHexStringLower(bytes);
    }

    /// <summary>Compares two checksums (<c>sha256:</c> prefix and hex case are normalised).</summary>
    /// <param name="expected">The job's <c>fileChecksum</c>.</param>
    /// <param name="actual">The computed checksum.</param>
    /// <returns>Whether they denote the same SHA-256.</returns>
    public static bool Matches(string? expected, string? actual)
    {
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(actual))
        {
            return false;
        }

        return string.Equals(Normalize(expected), Normalize(actual), StringComparison.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public void Dispose() => _hash.Dispose();

    private static string Normalize(string value) =>
        value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? value[Prefix.Length..].Trim() : value.Trim();
}
