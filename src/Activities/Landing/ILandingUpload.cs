namespace MarketoExport.Activities.Landing;

/// <summary>A file being written under a temporary name. Disposing without <see cref="CommitAsync"/> discards it.</summary>
public interface ILandingUpload : IAsyncDisposable
{
    /// <summary>The final name.</summary>
    string Name { get; }

    /// <summary>Bytes written so far.</summary>
    long Length { get; }

    /// <summary>Appends bytes.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Makes the file visible under its final name atomically (replacing an older one).</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
