using System.Text.RegularExpressions;

namespace MarketoExport.FunctionApp.Tests;

/// <summary>Reads files of the repository the tests run from (found by walking up to Durable.sln).</summary>
internal static partial class RepositoryFiles
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Durable.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Durable.sln not found above {AppContext.BaseDirectory}; run the tests from the repository.");
    });

    public static string Root => RootPath.Value;

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));
}
