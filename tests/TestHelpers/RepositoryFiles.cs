namespace MarketoExport.TestHelpers;

/// <summary>The repository the tests run from, found by walking up from the test assembly to <c>Durable.sln</c>.</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Durable.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Durable.sln not found above {AppContext.BaseDirectory}; run the tests from the repository.");
    });

    /// <summary>The repository's root folder (the one holding <c>Durable.sln</c>).</summary>
    public static string Root => RootPath.Value;

    /// <summary>The absolute path of <paramref name="relativePath"/> (forward slashes) in the repository.</summary>
    public static string Path(string relativePath) => System.IO.Path.Combine(Root, relativePath);

    /// <summary>The text of the repository file <paramref name="relativePath"/> (forward slashes).</summary>
    public static string Read(string relativePath) => File.ReadAllText(Path(relativePath));
}
