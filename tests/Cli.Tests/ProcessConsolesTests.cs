using System.Text;
using Spectre.Console;

namespace MarketoExport.Cli.Tests;

/// <summary>Redirected output (CI logs, pipes, files) keeps each message on one line, however long.</summary>
public sealed class ProcessConsolesTests
{
    [Fact]
    public async Task RedirectedError_LongOptionError_OneLineNotWrapped()
    {
        var output = new StringWriter(new StringBuilder());
        IAnsiConsole console = ProcessConsoles.Create(output, redirected: true);

        // This refusal is about 260 characters; the former redirected width of 200 split it mid-sentence.
        int exit = await ExportCli.RunAsync(["serve", "--urls", "http://0.0.0.0:5080/a-long-path-base-for-this-test"], new CliEnvironment(console) { Error = console });

        Assert.Equal(ExitCodes.BadOptions, exit);
        string line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("needs an API key", StringComparison.Ordinal));
        Assert.Contains("or bind to http://127.0.0.1:PORT.", line, StringComparison.Ordinal);
        Assert.True(line.Length > 200, $"the message is {line.Length} characters; make it longer so the test still proves something");
    }

    [Fact]
    public void Redirected_NotInteractive()
    {
        IAnsiConsole console = ProcessConsoles.Create(new StringWriter(), redirected: true);

        Assert.False(console.Profile.Capabilities.Interactive);
        Assert.Equal(ProcessConsoles.RedirectedWidth, console.Profile.Width);
    }
}
