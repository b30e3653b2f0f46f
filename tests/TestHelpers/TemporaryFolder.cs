namespace MarketoExport.TestHelpers;

/// <summary>A new folder under the machine's temporary folder for one test, deleted with what is in it on dispose.</summary>
public sealed class TemporaryFolder : IDisposable
{
    /// <summary>Creates <c>{temp}/{prefix}-{guid}</c>.</summary>
    /// <param name="prefix">Says which suite made it (e.g. <c>mde-rel</c>), for whoever finds one left behind.</param>
    public TemporaryFolder(string prefix)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Deletes the folder; a file a finishing process still holds leaves it to the OS's temp clean-up.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing process or background task; the OS cleans the temp folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
