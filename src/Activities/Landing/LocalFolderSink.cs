using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MarketoExport.Activities.Landing;

/// <summary>
/// Lands files in a local folder: <c>&lt;root&gt;/&lt;object&gt;/&lt;file&gt;.csv</c> plus <c>&lt;root&gt;/manifest.jsonl</c>.
/// Writes go to a hidden partial file next to the target, <c>.&lt;file&gt;.&lt;export tag&gt;.&lt;version tag&gt;.partial</c>
/// (see <see cref="LandingResumeKey"/>), unbuffered (a killed process leaves every written byte) and flushed to disk
/// every <see cref="DurableFlushBytes"/>; the commit flushes and renames it over the target (atomic on one file
/// system). A partial left by an interrupted write is read back and continued by the next write of the same name and
/// key. Safe for concurrent activities in one process; a second writer of the same partial fails with an
/// <see cref="IOException"/> (the file is locked).
/// </summary>
public sealed class LocalFolderSink : ILandingSink, IDisposable
{
    /// <summary>How long <see cref="RemoveTemporaryFiles()"/> keeps a partial: Marketo keeps an export's file 7 days, so an older partial can never be completed.</summary>
    public static readonly TimeSpan PartialLifetime = TimeSpan.FromDays(7);

    /// <summary>Bytes written between two flushes to disk (a machine crash loses at most these; a killed process loses none).</summary>
    public const int DurableFlushBytes = 16 * 1024 * 1024;

    private const string PartialSuffix = ".partial";
    private const int ReadBackBufferSize = 1024 * 1024;
    private readonly SemaphoreSlim _manifestLock = new(1, 1);
    private readonly TimeProvider _time;

    /// <summary>Creates the sink over <paramref name="root"/> (created if missing).</summary>
    public LocalFolderSink(string root, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The landing folder.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public async Task<string?> GetSha256Async(string name, CancellationToken cancellationToken)
    {
        string path = Resolve(name);
        if (!File.Exists(path))
        {
            return null;
        }

        FileStream file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>The partial file of <paramref name="name"/> for <paramref name="resumeKey"/> (it may not exist).</summary>
    public string PartialPath(string name, LandingResumeKey resumeKey)
    {
        ArgumentNullException.ThrowIfNull(resumeKey);
        string path = Resolve(name);
        return Path.Combine(Path.GetDirectoryName(path)!, PartialName(Path.GetFileName(path), resumeKey));
    }

    /// <inheritdoc />
    public async Task<ILandingUpload> BeginAsync(string name, LandingResumeKey resumeKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resumeKey);
        resumeKey.Validate();
        string path = Resolve(name);
        string dir = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(dir);
        string file = Path.GetFileName(path);
        string temp = Path.Combine(dir, PartialName(file, resumeKey));
        var discarded = new List<string>();
        foreach (string other in Directory.EnumerateFiles(dir, "." + file + ".*"))
        {
            if (other.EndsWith(PartialSuffix, StringComparison.Ordinal) && !string.Equals(other, temp, StringComparison.Ordinal))
            {
                discarded.Add(DescribeForeign(Path.GetFileName(other), file, resumeKey, new FileInfo(other).Length));
                File.Delete(other);
            }
        }

        // FileShare.None locks the partial (flock on Unix): a second writer of it fails instead of interleaving bytes.
        // No user-space buffer: every write reaches the OS at once, so a killed process leaves all it wrote.
        var stream = new FileStream(temp, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        LandingDigest? digest = null;
        try
        {
            long resumed = stream.Length;
            if (resumeKey.FileSize is { } size && resumed > size)
            {
                discarded.Add($"the partial holds {resumed} bytes, more than the file's {size}");
                stream.SetLength(0);
                resumed = 0;
            }

            digest = LandingDigest.Create();
            await ReadBackAsync(stream, resumed, digest, cancellationToken).ConfigureAwait(false);
            var upload = new Upload(name, path, temp, stream, digest, resumed, discarded.Count == 0 ? null : string.Join("; ", discarded));
            digest = null;
            return upload;
        }
        catch
        {
            digest?.Dispose();
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task AppendManifestAsync(ManifestEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _manifestLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            IReadOnlyList<ManifestEntry> existing = await ReadManifestCoreAsync(cancellationToken).ConfigureAwait(false);
            if (existing.Any(e => e.File == entry.File && e.Sha256 == entry.Sha256))
            {
                return;
            }

            Directory.CreateDirectory(Root);
            string line = JsonSerializer.Serialize(entry, ActivitiesJsonContext.Default.ManifestEntry) + "\n";
            FileStream manifest = new(Path.Combine(Root, LandingNames.Manifest), FileMode.Append, FileAccess.Write, FileShare.Read);
            await using (manifest.ConfigureAwait(false))
            {
                await manifest.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken).ConfigureAwait(false);
                manifest.Flush(flushToDisk: true);
            }
        }
        finally
        {
            _manifestLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ManifestEntry>> ReadManifestAsync(CancellationToken cancellationToken)
    {
        await _manifestLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadManifestCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _manifestLock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _manifestLock.Dispose();

    /// <summary>
    /// Deletes partial files no write has touched for <see cref="PartialLifetime"/> (7 days: their export's file is gone
    /// from Marketo, so they can never be completed). Younger ones are kept: the next write of their name resumes them,
    /// or discards them when it is for another export. Returns how many were removed.
    /// </summary>
    public int RemoveTemporaryFiles() => RemoveTemporaryFiles(PartialLifetime);

    /// <summary>Deletes partial files last written more than <paramref name="olderThan"/> ago. Returns how many were removed.</summary>
    public int RemoveTemporaryFiles(TimeSpan olderThan)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        DateTime cutoff = (_time.GetUtcNow() - olderThan).UtcDateTime;
        int removed = 0;
        foreach (string partial in Directory.EnumerateFiles(Root, "*" + PartialSuffix, SearchOption.AllDirectories))
        {
            if (File.GetLastWriteTimeUtc(partial) <= cutoff)
            {
                File.Delete(partial);
                removed++;
            }
        }

        return removed;
    }

    private async Task<IReadOnlyList<ManifestEntry>> ReadManifestCoreAsync(CancellationToken cancellationToken)
    {
        string path = Path.Combine(Root, LandingNames.Manifest);
        if (!File.Exists(path))
        {
            return [];
        }

        var entries = new List<ManifestEntry>();
        foreach (string line in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            if (line.Length > 0 && JsonSerializer.Deserialize(line, ActivitiesJsonContext.Default.ManifestEntry) is { } e)
            {
                entries.Add(e);
            }
        }

        return entries;
    }

    private string Resolve(string name)
    {
        // Names come from LandingNames; still refuse anything that would leave the root.
        string full = Path.GetFullPath(Path.Combine(Root, name));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Landing name '{name}' resolves outside the landing folder.", nameof(name));
        }

        return full;
    }

    private static string PartialName(string file, LandingResumeKey key)
        => string.Create(CultureInfo.InvariantCulture, $".{file}.{key.ExportTag:x12}.{key.VersionTag:x12}{PartialSuffix}");

    private static string DescribeForeign(string partial, string file, LandingResumeKey key, long bytes)
    {
        // .<file>.<export tag>.<version tag>.partial; the old format, .<file>.partial, has no tags.
        string tags = partial[(file.Length + 1)..^PartialSuffix.Length];
        string exportTag = key.ExportTag.ToString("x12", CultureInfo.InvariantCulture);
        string why = tags.Length == 0 ? "an older format that cannot be resumed"
            : tags.StartsWith("." + exportTag + ".", StringComparison.Ordinal) ? $"export {key.ExportId} with another file size or checksum (the file changed)"
            : "another export of this window";
        return $"{partial} ({bytes} bytes) was of {why}";
    }

    private static async Task ReadBackAsync(FileStream stream, long length, LandingDigest digest, CancellationToken cancellationToken)
    {
        // The hash and the record count must cover the whole file: feed them the bytes already landed, streaming.
        stream.Position = 0;
        if (length > 0)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(ReadBackBufferSize);
            try
            {
                long left = length;
                while (left > 0)
                {
                    int n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(ReadBackBufferSize, left)), cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        throw new IOException($"The partial file {stream.Name} ended at byte {length - left} while reading back {length} bytes.");
                    }

                    digest.Append(buffer.AsSpan(0, n));
                    left -= n;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        stream.Position = length;
    }

    private sealed class Upload(string name, string path, string temp, FileStream stream, LandingDigest digest, long resumedFrom, string? discardedPartial)
        : LandingUpload(name, digest, resumedFrom, discardedPartial)
    {
        private long _unflushed;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            ThrowIfDone();
            await stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            Digest.Append(data.Span);
            _unflushed += data.Length;
            if (_unflushed >= DurableFlushBytes)
            {
                stream.Flush(flushToDisk: true);
                _unflushed = 0;
            }
        }

        public override async Task CommitAsync(CancellationToken cancellationToken)
        {
            ThrowIfDone();
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            await stream.DisposeAsync().ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
            MarkCommitted();
        }

        public override async Task DiscardAsync(CancellationToken cancellationToken)
        {
            ThrowIfDone();
            stream.SetLength(0);
            stream.Position = 0;
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            _unflushed = 0;
            RestartDigest(LandingDigest.Create());
        }

        public override async ValueTask DisposeAsync()
        {
            if (!TryBeginDispose() || Committed)
            {
                return;
            }

            long length = stream.Length;
            if (length > 0)
            {
                // Kept for the next execution: make it survive a machine crash too.
                stream.Flush(flushToDisk: true);
            }

            await stream.DisposeAsync().ConfigureAwait(false);
            if (length == 0 && File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
