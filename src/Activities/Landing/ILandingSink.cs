namespace MarketoExport.Activities.Landing;

/// <summary>
/// Where verified export files land. Names are sink-relative, made by <see cref="LandingNames"/> (never from
/// Marketo). A write goes to a temporary name and becomes visible only through an atomic commit, so readers never
/// see half a file. What an interrupted write landed survives it (a killed process, a stopped host) and is resumed by
/// the next write of the same name and <see cref="LandingResumeKey"/>. Implementations: <see cref="LocalFolderSink"/>
/// (a partial file) and <see cref="BlobStorageSink"/> (staged blocks).
/// </summary>
public interface ILandingSink
{
    /// <summary>Lowercase hex SHA-256 of a landed file, or null when there is none.</summary>
    Task<string?> GetSha256Async(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Starts writing <paramref name="name"/> under a temporary name, or resumes the partial an earlier, interrupted
    /// write of the same name and <paramref name="resumeKey"/> left: the upload's <see cref="ILandingUpload.Length"/> is
    /// then <see cref="ILandingUpload.ResumedFrom"/> and its SHA-256 and record count already cover those bytes (read
    /// back or restored here, so this may take a while for a large partial). A partial of that name with another key is
    /// discarded (<see cref="ILandingUpload.DiscardedPartial"/> says why).
    /// </summary>
    Task<ILandingUpload> BeginAsync(string name, LandingResumeKey resumeKey, CancellationToken cancellationToken);

    /// <summary>Appends a manifest line unless an identical one (same name and SHA-256) is there already.</summary>
    Task AppendManifestAsync(ManifestEntry entry, CancellationToken cancellationToken);

    /// <summary>The manifest's entries, oldest first.</summary>
    Task<IReadOnlyList<ManifestEntry>> ReadManifestAsync(CancellationToken cancellationToken);
}
