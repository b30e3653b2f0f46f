namespace MarketoExport.Activities.Landing;

/// <summary>
/// Where verified export files land. Names are sink-relative, made by <see cref="LandingNames"/> (never from
/// Marketo). A write goes to a temporary name and becomes visible only through an atomic commit, so readers never
/// see half a file. Implementations: <see cref="LocalFolderSink"/>; a Blob Storage sink maps upload → staged blocks,
/// commit → commit block list, manifest → append blob.
/// </summary>
public interface ILandingSink
{
    /// <summary>Lowercase hex SHA-256 of a landed file, or null when there is none.</summary>
    Task<string?> GetSha256Async(string name, CancellationToken cancellationToken);

    /// <summary>Starts writing <paramref name="name"/> under a temporary name; stale temporaries of that name are removed.</summary>
    Task<ILandingUpload> BeginAsync(string name, CancellationToken cancellationToken);

    /// <summary>Appends a manifest line unless an identical one (same name and SHA-256) is there already.</summary>
    Task AppendManifestAsync(ManifestEntry entry, CancellationToken cancellationToken);

    /// <summary>The manifest's entries, oldest first.</summary>
    Task<IReadOnlyList<ManifestEntry>> ReadManifestAsync(CancellationToken cancellationToken);
}
