using MarketoExport.TestHelpers;

namespace MarketoExport.Marketo.Simulator.Tests.ThirdParty;

/// <summary>
/// The contract test from the outside: a Marketo client we did not write (npm <c>node-marketo-rest</c>) runs the
/// bulk export flow against the standalone simulator, unchanged.
/// </summary>
public sealed class ThirdPartyClientTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task NodeMarketoRest_LeadsAndActivitiesExport_CompletesWithMatchingChecksums()
    {
        string folder = RepositoryFiles.Path("tests/Marketo.Simulator.Tests/ThirdParty");
        string install = await NodePackages.InstallAsync(folder);
        string simulatorDll = Path.Combine(AppContext.BaseDirectory, "MarketoExport.Marketo.Simulator.dll");

        using ChildProcess simulator = ChildProcess.StartDotnet(simulatorDll, ["--urls", "http://127.0.0.1:0", "--job-tick-seconds", "0.1"], "the standalone simulator");
        string baseUrl = (await simulator.WaitForLineAsync("listening on (.+)$", StepTimeout)).Groups[1].Value.Trim();

        // The check script stays here; the package it requires comes from the pin's install.
        using ChildProcess check = ChildProcess.Start(
            "node", [Path.Combine(folder, "node-marketo-rest-check.js"), baseUrl], folder,
            new Dictionary<string, string> { ["NODE_PATH"] = Path.Combine(install, "node_modules") }, "node-marketo-rest-check");
        int exitCode = await check.WaitForExitAsync(StepTimeout);
        string output = check.Output;

        Assert.True(exitCode == 0, $"node-marketo-rest check failed (exit {exitCode}):\n{output}");
        Assert.Contains("leads file", output, StringComparison.Ordinal);
        Assert.Contains("activities file", output, StringComparison.Ordinal);
        Assert.Equal(2, CountOccurrences(output, "checksum match true"));
    }

    private static int CountOccurrences(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
