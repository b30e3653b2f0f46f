using System.Diagnostics;
using System.Text;
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
        await EnsureNodePackagesAsync(folder);
        string simulatorDll = Path.Combine(AppContext.BaseDirectory, "MarketoExport.Marketo.Simulator.dll");

        using Process simulator = Start("dotnet", folder, simulatorDll, "--urls", "http://127.0.0.1:0", "--job-tick-seconds", "0.1");
        try
        {
            string baseUrl = await ReadBaseUrlAsync(simulator);

            (int exitCode, string output) = await RunToEndAsync(Start("node", folder, "node-marketo-rest-check.js", baseUrl));

            Assert.True(exitCode == 0, $"node-marketo-rest check failed (exit {exitCode}):\n{output}");
            Assert.Contains("leads file", output, StringComparison.Ordinal);
            Assert.Contains("activities file", output, StringComparison.Ordinal);
            Assert.Equal(2, CountOccurrences(output, "checksum match true"));
        }
        finally
        {
            simulator.Kill(entireProcessTree: true);
            await simulator.WaitForExitAsync();
        }
    }

    private static async Task EnsureNodePackagesAsync(string folder)
    {
        if (Directory.Exists(Path.Combine(folder, "node_modules", "node-marketo-rest")))
        {
            return;
        }

        (int exitCode, string output) = await RunToEndAsync(Start("npm", folder, "ci", "--no-audit", "--no-fund"));
        Assert.True(exitCode == 0, $"`npm ci` in {folder} failed (exit {exitCode}); Node.js and npm must be installed:\n{output}");
    }

    private static async Task<string> ReadBaseUrlAsync(Process simulator)
    {
        using var timeout = new CancellationTokenSource(StepTimeout);
        const string Marker = "listening on ";
        while (await simulator.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            int at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                return line[(at + Marker.Length)..].Trim();
            }
        }

        string errors = await simulator.StandardError.ReadToEndAsync(timeout.Token);
        throw new InvalidOperationException($"The standalone simulator exited before it was listening:\n{errors}");
    }

    private static Process Start(string fileName, string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
    }

    private static async Task<(int ExitCode, string Output)> RunToEndAsync(Process process)
    {
        using (process)
        {
            using var timeout = new CancellationTokenSource(StepTimeout);
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            Task<string> stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var output = new StringBuilder(await stdout).Append(await stderr);
            return (process.ExitCode, output.ToString());
        }
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
