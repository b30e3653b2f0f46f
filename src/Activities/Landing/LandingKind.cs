namespace MarketoExport.Activities.Landing;

/// <summary>Which sink lands the files (<c>Landing:Kind</c>).</summary>
public enum LandingKind
{
    /// <summary>A local folder: <see cref="LocalFolderSink"/>.</summary>
    Folder,

    /// <summary>A Blob Storage container: <see cref="BlobStorageSink"/>.</summary>
    Blob,
}
