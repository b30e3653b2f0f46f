using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MarketoExport.Activities.Landing;

/// <summary>
/// Lands files in a local folder: <c>&lt;root&gt;/&lt;object&gt;/&lt;file&gt;.csv</c> plus <c>&lt;root&gt;/manifest.jsonl</c>.
/// Writes go to a hidden <c>.&lt;file&gt;.partial</c> next to the target, are flushed to disk, then renamed (atomic on
/// one file system). Safe for concurrent activities in one process.
/// </summary>
public sealed class LocalFolderSink : ILandingSink, IDisposable
{
    private const string PartialSuffix = ".partial";
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

    /// <inheritdoc />
    public Task<ILandingUpload> BeginAsync(string name, CancellationToken cancellationToken)
    {
        string path = Resolve(name);
        string dir = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, "." + Path.GetFileName(path) + PartialSuffix);
        var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        return Task.FromResult<ILandingUpload>(new Upload(name, path, temp, stream));
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

    /// <summary>Deletes temporary files left by a killed process. Returns how many were removed.</summary>
    public int RemoveTemporaryFiles()
    {
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        int removed = 0;
        foreach (string partial in Directory.EnumerateFiles(Root, "*" + PartialSuffix, SearchOption.AllDirectories))
        {
            File.Delete(partial);
            removed++;
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

    private sealed class Upload(string name, string path, string temp, FileStream stream) : ILandingUpload
    {
        private bool _committed;
        private bool _disposed;

        public string Name => name;

        public long Length { get; private set; }

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            Length += data.Length;
        }

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            await stream.DisposeAsync().ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
            _committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await stream.DisposeAsync().ConfigureAwait(false);
            if (!_committed && File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
