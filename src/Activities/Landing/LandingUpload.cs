namespace MarketoExport.Activities.Landing;

/// <summary>
/// What every <see cref="ILandingUpload"/> keeps the same way: its name, what it resumed from, the running
/// <see cref="LandingDigest"/> (length, records, SHA-256) and the once-only commit and dispose. The sinks' uploads say
/// only where the bytes go.
/// </summary>
internal abstract class LandingUpload(string name, LandingDigest digest, long resumedFrom, string? discardedPartial) : ILandingUpload
{
    private bool _disposed;

    public string Name { get; } = name;

    public long Length => Digest.Length;

    public long ResumedFrom { get; } = resumedFrom;

    public string? DiscardedPartial { get; } = discardedPartial;

    public long Records => Digest.DataRecords;

    /// <summary>The digest of every byte so far; <see cref="RestartDigest"/> replaces it.</summary>
    protected LandingDigest Digest { get; private set; } = digest;

    /// <summary>True once <see cref="MarkCommitted"/> ran.</summary>
    protected bool Committed { get; private set; }

    public string GetSha256() => Digest.GetSha256();

    public abstract ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    public abstract Task CommitAsync(CancellationToken cancellationToken);

    public abstract Task DiscardAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>Refuses a write, commit or discard after a commit or a dispose.</summary>
    protected void ThrowIfDone()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Committed)
        {
            throw new InvalidOperationException($"The upload of '{Name}' is already committed.");
        }
    }

    protected void MarkCommitted() => Committed = true;

    /// <summary>Drops the digest of the bytes so far (a discard) for <paramref name="fresh"/>.</summary>
    protected void RestartDigest(LandingDigest fresh)
    {
        Digest.Dispose();
        Digest = fresh;
    }

    /// <summary>The first call releases the digest and returns true; later calls return false.</summary>
    protected bool TryBeginDispose()
    {
        if (_disposed)
        {
            return false;
        }

        _disposed = true;
        Digest.Dispose();
        return true;
    }
}
