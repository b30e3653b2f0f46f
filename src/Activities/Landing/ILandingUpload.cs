namespace MarketoExport.Activities.Landing;

/// <summary>
/// A file being written under a temporary name, possibly resumed from an earlier execution. Disposing without
/// <see cref="CommitAsync"/> keeps what landed for the next <see cref="ILandingSink.BeginAsync"/> with the same key
/// (the bytes are always a prefix of the file); <see cref="DiscardAsync"/> drops it.
/// </summary>
public interface ILandingUpload : IAsyncDisposable
{
    /// <summary>The final name.</summary>
    string Name { get; }

    /// <summary>Bytes of the file so far, those resumed included.</summary>
    long Length { get; }

    /// <summary>Bytes an earlier execution had landed and this upload resumed from (0: a fresh start).</summary>
    long ResumedFrom { get; }

    /// <summary>Why a partial of this name was discarded instead of resumed (another export, a changed file), or null.</summary>
    string? DiscardedPartial { get; }

    /// <summary>CSV data records (the header excluded) in the <see cref="Length"/> bytes so far.</summary>
    long Records { get; }

    /// <summary>Lowercase hex SHA-256 of the <see cref="Length"/> bytes so far.</summary>
    string GetSha256();

    /// <summary>Appends bytes.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Makes the file visible under its final name atomically (replacing an older one).</summary>
    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Drops every byte landed so far (resumed ones too): <see cref="Length"/> is 0 afterwards and writing may start the
    /// file again. Disposing after it leaves nothing behind. Used when the bytes are wrong (verification failed) or
    /// can no longer be continued (the file changed, Marketo refused the Range request).
    /// </summary>
    Task DiscardAsync(CancellationToken cancellationToken);
}
