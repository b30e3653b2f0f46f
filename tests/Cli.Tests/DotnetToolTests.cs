using MarketoExport.TestHelpers;

namespace MarketoExport.Cli.Tests;

/// <summary>`marketo-export` installs as a dotnet tool from the repository (pack + tool install --add-source) and runs.</summary>
public sealed class DotnetToolTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Pack_InstallFromTheFolder_ToolRunsVersionAndHelp()
    {
        using var temporary = new TemporaryFolder("mde-tool");
        string root = temporary.Path;
        string configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))!); // bin/<Configuration>/net10.0/
        string project = RepositoryFiles.Path("src/Cli/Cli.csproj");
        string packages = Path.Combine(root, "packages");
        string tools = Path.Combine(root, "tools");

        // The project is built already (this test project references it): pack what was built.
        await RunAsync(ChildProcess.DotnetHost(), root, ["pack", project, "--no-build", "-c", configuration, "-o", packages, "-p:NuGetAudit=false"]);
        string package = Assert.Single(Directory.GetFiles(packages, "marketo-export.*.nupkg"));
        await RunAsync(ChildProcess.DotnetHost(), root, ["tool", "install", "marketo-export", "--tool-path", tools, "--add-source", packages]);
        string tool = Path.Combine(tools, "marketo-export");
        var environment = new Dictionary<string, string> { ["DOTNET_ROOT"] = Path.GetDirectoryName(ChildProcess.DotnetHost()) ?? "/usr/share/dotnet" };

        string version = await RunAsync(tool, root, ["--version"], environment);
        string help = await RunAsync(tool, root, ["run", "--help"], environment);

        Assert.StartsWith("marketo-export.0.12.0", Path.GetFileName(package), StringComparison.Ordinal);
        Assert.StartsWith("0.12.0", version.Trim(), StringComparison.Ordinal);
        Assert.Contains("marketo-export run [options]", help, StringComparison.Ordinal);
        Assert.Contains("--objects", help, StringComparison.Ordinal);
        Assert.Contains("Examples:", help, StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(string fileName, string cwd, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        using ChildProcess process = ChildProcess.Start(fileName, args, cwd, environment);
        int exit = await process.WaitForExitAsync(Generous);
        Assert.True(exit == 0, $"{fileName} {string.Join(' ', args)} exited {exit}:\n{process.Output}");
        return process.Output;
    }
}
