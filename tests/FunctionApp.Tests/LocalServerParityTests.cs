using System.Text.RegularExpressions;

namespace MarketoExport.FunctionApp.Tests;

/// <summary>The Function App's management API must match the local server's, so the same scripts work against both.</summary>
public sealed partial class LocalServerParityTests
{
    [Fact]
    public void HttpRoutes_AreTheLocalServersRoutes()
    {
        string server = RepositoryFiles.Read("src/Host/Server/ExportsEndpoints.cs");
        string prefix = Prefix().Match(server).Groups[1].Value.TrimStart('/');
        IEnumerable<string> serverRoutes = ServerRoute().Matches(server)
            .Select(m => $"{m.Groups[1].Value.ToUpperInvariant()} {prefix}{m.Groups[2].Value.TrimEnd('/')}");

        string functions = RepositoryFiles.Read("src/FunctionApp/Triggers/ExportHttpFunctions.cs");
        var constants = RouteConstant().Matches(functions).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        // host.json sets no extensions.http.routePrefix, so Functions' default "api" applies.
        Assert.DoesNotContain("routePrefix", RepositoryFiles.Read("host.json"), StringComparison.Ordinal);
        IEnumerable<string> functionRoutes = FunctionRoute().Matches(functions)
            .Select(m => $"{m.Groups[1].Value.ToUpperInvariant()} api/{constants[m.Groups[2].Value]}{m.Groups[3].Value}");

        Assert.Equal(serverRoutes.Order(StringComparer.Ordinal), functionRoutes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RunInstanceId_IsTheLocalServersRunId()
    {
        string local = RunId().Match(RepositoryFiles.Read("src/Host/RunCommand.cs")).Groups[1].Value;
        string azure = RunId().Match(RepositoryFiles.Read("src/FunctionApp/ExportRuns.cs")).Groups[1].Value;

        Assert.NotEmpty(local);
        Assert.Equal(local, azure);
    }

    [GeneratedRegex(@"Prefix = ""([^""]+)""")]
    private static partial Regex Prefix();

    [GeneratedRegex(@"group\.Map(Post|Get|Delete)\(""([^""]*)""")]
    private static partial Regex ServerRoute();

    [GeneratedRegex(@"const string (\w+) = ""([^""]+)"";")]
    private static partial Regex RouteConstant();

    [GeneratedRegex(@"AuthorizationLevel\.Function, ""(\w+)"", Route = (\w+)(?: \+ ""([^""]+)"")?\)")]
    private static partial Regex FunctionRoute();

    [GeneratedRegex(@"RunInstanceId = ""([^""]+)""")]
    private static partial Regex RunId();
}
