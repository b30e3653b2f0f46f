namespace MarketoExport.Activities;

/// <summary>The default <see cref="IDownloadProgress"/>: nobody is watching (Azure Functions, tests).</summary>
public sealed class NoDownloadProgress : IDownloadProgress
{
    /// <summary>The instance.</summary>
    public static NoDownloadProgress Instance { get; } = new();

    /// <inheritdoc />
    public void Report(DownloadProgress progress)
    {
    }
}
