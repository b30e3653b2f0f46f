using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MarketoExport.TestHelpers;

namespace MarketoExport.Cli.Tests;

/// <summary>
/// Every command the README shows runs as written, in README order, in one fresh folder, like a reader following it:
/// each `dotnet run --project src/Cli -- …` line as the built marketo-export (what `dotnet run` starts), the curl lines
/// against the `serve` it starts. Exceptions, each with its reason: a `run` that would export a new range runs as its
/// `--dry-run` (the README allows either); `serve` listens on a free port instead of 5080 (another process may hold
/// it); `./test.sh` (this suite), the `dotnet test` variants (long) and the Azure deployment (`az`, `func`) are not run.
/// </summary>
public sealed partial class ReadmeCommandsTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Readme_EveryCommand_RunsAsWrittenFromACleanFolder()
    {
        string[] lines = CodeLines(RepositoryFiles.Read("README.md"));
        string[] cli = lines.Where(l => l.StartsWith("dotnet run --project src/Cli -- ", StringComparison.Ordinal)).ToArray();
        string[] curls = lines.Where(l => l.StartsWith("curl ", StringComparison.Ordinal)).ToArray();
        Assert.True(cli.Length >= 10, $"only {cli.Length} CLI commands found in the README");
        Assert.True(curls.Length >= 5, $"only {curls.Length} curl commands found in the README");
        Assert.Equal("dotnet run --project src/Cli -- run", cli[0]); // the first thing the README says
        using var temporary = new TemporaryFolder("mde-readme");
        string folder = temporary.Path;
        var ran = new List<string>();
        bool exported = false;
        foreach (string line in cli)
        {
            List<string> args = Split(line["dotnet run --project src/Cli -- ".Length..].TrimEnd('&', ' '));
            if (args[0] == "serve")
            {
                // `serve … &` is followed by the curl lines of its block; a plain `serve` is started and stopped.
                await ServeWithCurlsAsync(folder, args, line.TrimEnd().EndsWith('&') ? curls : []);
                ran.Add(line);
                continue;
            }

            // The first `run` exports for real; later runs that would export another range are planned only.
            if (args[0] == "run" && exported && !args.Contains("--dry-run") && args.Contains("--since"))
            {
                args.Add("--dry-run");
            }

            using ChildProcess process = ChildProcess.StartCli(folder, null, [.. args]);
            int exit = await process.WaitForExitAsync(Generous);
            Assert.True(exit == 0, $"`{line}` exited {exit}:\n{process.Output}");
            Assert.DoesNotContain("   at ", process.Output, StringComparison.Ordinal);
            if (args is ["run"])
            {
                exported = true;
                Assert.Contains("Landed", process.Output, StringComparison.Ordinal);
                Assert.True(File.Exists(Path.Combine(folder, "landing", "manifest.jsonl")));
            }

            if (args.Contains("--json"))
            {
                using JsonDocument _ = JsonDocument.Parse(process.Output[process.Output.IndexOf('{', StringComparison.Ordinal)..]);
            }

            ran.Add(line);
        }

        Assert.Equal(cli.Length, ran.Count);
    }

    private static async Task ServeWithCurlsAsync(string folder, List<string> args, string[] curls)
    {
        int urls = args.IndexOf("--urls");
        if (urls >= 0)
        {
            args[urls + 1] = "http://127.0.0.1:0";
        }
        else
        {
            args.AddRange(["--urls", "http://127.0.0.1:0"]);
        }

        using ChildProcess serve = ChildProcess.StartCli(folder, null, [.. args], "serve");
        await serve.WaitForTextAsync("Listening on", Generous);
        string address = ListeningOn().Match(serve.Output).Groups[1].Value.TrimEnd('/');
        foreach (string curl in curls)
        {
            List<string> curlArgs = Split(curl["curl ".Length..].Replace("$S", address, StringComparison.Ordinal));
            using ChildProcess process = ChildProcess.Start("curl", ["--silent", "--show-error", .. curlArgs], folder);
            int exit = await process.WaitForExitAsync(Generous);
            Assert.True(exit == 0, $"`{curl}` exited {exit}:\n{process.Output}");
            if (curlArgs.Contains("-i"))
            {
                // The documented answers: 2xx, or 409 when the run is not in the state the call needs (e.g. rewind of a completed run).
                Assert.Matches(@"^HTTP/1\.1 (200|202|409) ", process.Output);
            }
            else
            {
                using JsonDocument _ = JsonDocument.Parse(process.Output);
            }
        }

        serve.Interrupt();
        int served = await serve.WaitForExitAsync(Generous);
        Assert.True(served == 0, $"serve exited {served}:\n{serve.Output}");
    }

    /// <summary>The command lines of the README's bash blocks, without comments and continuation noise.</summary>
    private static string[] CodeLines(string markdown)
    {
        var lines = new List<string>();
        bool inBash = false;
        foreach (string raw in markdown.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inBash = !inBash && (line == "```bash" || line == "```sh");
                continue;
            }

            if (inBash && line.Trim().Length > 0)
            {
                lines.Add(StripComment(line).Trim());
            }
        }

        return [.. lines];
    }

    private static string StripComment(string line)
    {
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == '#' && !quoted && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i];
            }
        }

        return line;
    }

    /// <summary>Splits a command line as a shell would for these simple lines: spaces, double quotes.</summary>
    private static List<string> Split(string text)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        bool any = false;
        foreach (char c in text.Trim())
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    args.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (any)
        {
            args.Add(current.ToString());
        }

        return args;
    }

    [GeneratedRegex(@"Listening on (http://[^\s/]+)/")]
    private static partial Regex ListeningOn();
}
