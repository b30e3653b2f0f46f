using MarketoExport.TestHelpers;

namespace MarketoExport.Cli.Tests;

public sealed class CliOptionsTests
{
    [Theory]
    [InlineData("--objects", "lead", "--objects")]
    [InlineData("--since", "yesterday", "--since")]
    [InlineData("--poll-seconds", "-3", "--poll-seconds")]
    [InlineData("--checkpoint-object", "bad name", "--checkpoint-object")]
    [InlineData("--quota", "sometimes", "--quota")]
    [InlineData("--bogus", "x", "--bogus")]
    public async Task Run_BadOption_Exit2NamingTheOptionAndNothingStarted(string option, string value, string named)
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, null, "run", option, value);

        Assert.Equal(ExitCodes.BadOptions, exit);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.Null(host.Control);
        Assert.False(Directory.Exists(Path.GetDirectoryName(host.State)));
    }

    [Fact]
    public void Parse_ProgramMembersWithoutProgramIds_NamesTheKey()
    {
        CliOptionException ex = Assert.Throws<CliOptionException>(() => CliConfiguration.Parse(["run", "--objects", "programMembers"], Path.GetTempPath()));

        Assert.Contains("Export:ProgramIds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Defaults_LeadsAndActivitiesIntoLandingAndState()
    {
        (CliOptions options, _) = CliConfiguration.Parse(["run"], Path.GetTempPath());

        Assert.Equal(["leads", "activities"], options.Objects.Select(o => o.Name));
        Assert.Equal("landing", options.Out);
        Assert.Equal(Path.Combine("state", "export.db"), options.State);
        Assert.True(options.UseSimulator);
    }

    [Fact]
    public void Parse_SecretNeverInToString()
    {
        using var temporary = new TemporaryFolder("mde-cfg");
        string dir = temporary.Path;
        File.WriteAllText(Path.Combine(dir, "c.json"), """{ "Marketo": { "BaseUrl": "https://1.mktorest.com", "ClientId": "id", "ClientSecret": "TOPSECRET-123" } }""");

        (CliOptions options, _) = CliConfiguration.Parse(["run", "--config", "c.json"], dir);

        Assert.False(options.UseSimulator);
        Assert.DoesNotContain("TOPSECRET", options.ToString(), StringComparison.Ordinal);
    }
}
