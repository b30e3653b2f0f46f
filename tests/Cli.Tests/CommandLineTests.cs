using System.CommandLine;
using System.Text;
using MarketoExport.TestHelpers;
using Spectre.Console;

namespace MarketoExport.Cli.Tests;

/// <summary>
/// The command line on System.CommandLine: per-command help with examples, --version, --option=value, completions, typed
/// validation that names the option and its key (exit 2, nothing started), and the flags for what only config could set.
/// </summary>
public sealed class CommandLineTests
{
    public static TheoryData<string> Commands => ["run", "backfill", "serve", "provision", "checkpoints", "checkpoints set", "checkpoints reset", "check", "discover"];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_OfEachCommand_ShowsItsOwnUsageOptionsAndAnExample(string command)
    {
        string[] words = command.Split(' ');

        (int exit, string output) = await RunAsync([.. words, "--help"]);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains($"marketo-export {command} ", output, StringComparison.Ordinal); // its usage line
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains($"  marketo-export {command}", output[output.IndexOf("Examples:", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Command parsed = new CliCommandLine().Parse(words).CommandResult.Command;
        Assert.All(parsed.Options.Where(o => !o.Hidden), o => Assert.Contains(o.Name, output, StringComparison.Ordinal));
        Assert.DoesNotContain("usage: marketo-export <command>", output, StringComparison.Ordinal); // the old global text
    }

    [Fact]
    public async Task Help_OfRunAndServe_Differ()
    {
        (_, string run) = await RunAsync(["run", "--help"]);
        (_, string serve) = await RunAsync(["serve", "--help"]);

        Assert.Contains("--dry-run", run, StringComparison.Ordinal);
        Assert.DoesNotContain("--urls", run, StringComparison.Ordinal);
        Assert.Contains("--urls", serve, StringComparison.Ordinal);
        Assert.DoesNotContain("--dry-run", serve, StringComparison.Ordinal);
        Assert.Contains("90 s", run, StringComparison.Ordinal); // the poll cap the code uses, not 60
    }

    [Fact]
    public async Task Version_PrintsTheToolsVersion()
    {
        (int exit, string output) = await RunAsync(["--version"]);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.StartsWith("0.12.0", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCommand_PrintsTheOverviewWithEveryCommand()
    {
        (int exit, string output) = await RunAsync([]);

        Assert.Equal(ExitCodes.Success, exit);
        foreach (string command in new[] { "run", "backfill", "serve", "provision", "checkpoints", "check", "discover" })
        {
            Assert.Contains($"  {command}", output, StringComparison.Ordinal);
        }

        Assert.Contains("130 interrupted", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--poll-seconds", "NaN", "--poll-seconds (Export:PollSeconds): 'NaN'")]
    [InlineData("--poll-seconds", "1e400", "--poll-seconds (Export:PollSeconds)")]
    [InlineData("--quota", "5", "--quota (Export:QuotaBehavior): '5' is not stop or wait")]
    [InlineData("--since", "01/02/2026", "--since (Export:Since): '01/02/2026' is not an ISO-8601 time")]
    [InlineData("--until", "tomorrow", "--until (Export:Until): 'tomorrow' is not an ISO-8601 time")]
    [InlineData("--since", "0001-01-01", "--since (Export:Since): 0001-01-01T00:00:00Z is before Marketo existed")]
    [InlineData("--until", "9999-12-31T23:59:59Z", "--until (Export:Until): 9999-12-31T23:59:59Z is later than now minus the 15-minute safety lag")]
    [InlineData("--objects", "", "--objects (Export:Objects) is empty")]
    [InlineData("--objects", "leads,opportunities", "--objects (Export:Objects): 'opportunities' is not an export object")]
    [InlineData("--program-ids", "12,x", "--program-ids (Export:ProgramIds): 'x' is not a positive integer id")]
    [InlineData("--activity-type-ids", "-1", "--activity-type-ids (Export:ActivityTypeIds): '-1'")]
    [InlineData("--fields", "leads", "--fields (Export:Fields:OBJECT): 'leads' is not OBJECT=FIELD,FIELD")]
    [InlineData("--fields", "activities=id", "activities export a fixed set of columns")]
    [InlineData("--daily-call-quota", "0", "--daily-call-quota (Export:DailyCallQuota): '0'")]
    [InlineData("--objcts", "leads", "'--objcts' is not an option of `marketo-export run`; did you mean --objects?")]
    public async Task Run_BadValue_Exit2NamingTheOptionAndItsKeyAndNothingStarted(string option, string value, string expected)
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, null, "run", option, value);

        Assert.True(exit == ExitCodes.BadOptions, output);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal); // no stack trace
        Assert.DoesNotContain("System.", output, StringComparison.Ordinal); // no internal type name
        Assert.Null(host.Control); // no simulator, so no Marketo call and no job
        Assert.False(Directory.Exists(Path.GetDirectoryName(host.State)));
        Assert.False(Directory.Exists(host.Landing));
    }

    [Fact]
    public async Task Run_SinceFarBackWithoutConfirmation_RefusedNamingTheCostAndTheFlag_AcceptedWithIt()
    {
        using var host = new CliHarness();

        (int refused, string refusal) = await host.RunAsync(null, null, "run", "--since", "2006-01-01", "--dry-run", "--daily-call-quota", "2000");
        bool simulatorStartedForTheRefusal = host.Control is not null;
        (int accepted, string plan) = await host.RunAsync(null, null, "run", "--since", "2006-01-01", "--dry-run", "--daily-call-quota", "2000", "--allow-large-backfill");

        Assert.Equal(ExitCodes.BadOptions, refused);
        Assert.Contains("more than the daily call quota (2,000)", refusal, StringComparison.Ordinal);
        Assert.False(simulatorStartedForTheRefusal);
        Assert.Contains("--allow-large-backfill", refusal, StringComparison.Ordinal);
        Assert.True(accepted == ExitCodes.Success, plan);
        Assert.Contains("of 2,000/day", plan, StringComparison.Ordinal);
        Assert.Contains("2006-01-01T00:00:00Z..2006-01-31T23:59:59Z", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EqualsSyntaxAndFlagsForWhatOnlyConfigCouldSet_ReachThePlan()
    {
        using var host = new CliHarness();

        (CliOptions options, _) = CliConfiguration.Parse(
            ["run", "--objects=leads,activities,programMembers", "--program-ids=1001,1002", "--activity-type-ids", "1,6",
             "--fields", "leads=id,email,updatedAt", "--fields=programMembers=leadId,membershipDate", "--poll-seconds=2.5", "--quota=wait"],
            host.Root);

        Assert.Equal(["leads", "activities", "programMembers"], options.Objects.Select(o => o.Name));
        Assert.Equal(["id", "email", "updatedAt"], options.Objects[0].Fields);
        Assert.Equal([1, 6], options.Objects[1].ActivityTypeIds);
        Assert.Equal([1001, 1002], options.Objects[2].ProgramIds);
        Assert.Equal(["leadId", "membershipDate"], options.Objects[2].Fields);
        Assert.Equal(2.5, options.PollSeconds);
        Assert.Equal(Orchestrations.Export.QuotaBehavior.Wait, options.QuotaBehavior);
    }

    [Fact]
    public void Parse_CommandLineOverEnvironmentOverConfigFileOverAppsettings()
    {
        using var host = new CliHarness();
        File.WriteAllText(Path.Combine(host.Root, "appsettings.json"), """{ "Export": { "Objects": "leads", "PollSeconds": "1", "Out": "from-appsettings", "State": "a.db" } }""");
        File.WriteAllText(Path.Combine(host.Root, "more.json"), """{ "Export": { "PollSeconds": "2", "Out": "from-config" } }""");

        (CliOptions fromFiles, _) = CliConfiguration.Parse(["run", "--config", "more.json"], host.Root);
        (CliOptions fromFlags, _) = CliConfiguration.Parse(["run", "--config", "more.json", "--out", "from-flag"], host.Root);

        Assert.Equal(["leads"], fromFiles.Objects.Select(o => o.Name));
        Assert.Equal("from-config", fromFiles.Out);
        Assert.Equal(2, fromFiles.PollSeconds);
        Assert.Equal("a.db", fromFiles.State);
        Assert.Equal("from-flag", fromFlags.Out);
    }

    [Fact]
    public void Parse_ExportObjectsAsAJsonArray_IsReadAsTheList()
    {
        using var host = new CliHarness();
        File.WriteAllText(Path.Combine(host.Root, "c.json"), """{ "Export": { "Objects": [ "activities", "customObject:car_c" ] } }""");

        (CliOptions options, _) = CliConfiguration.Parse(["run", "--config", "c.json"], host.Root);

        Assert.Equal(["activities", "car_c"], options.Objects.Select(o => o.Name));
    }

    [Theory]
    [InlineData("provision")]
    [InlineData("checkpoints")]
    [InlineData("discover")]
    public async Task CommandsThatExportNothing_PrintNoPollingLine(string command)
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, null, command);

        Assert.True(exit == ExitCodes.Success, output);
        Assert.DoesNotContain("polling", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("using the built-in simulator", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_QuietAndVerbose_PrintOnlyTheResult_OrTheLogLinesToo()
    {
        using var host = new CliHarness();

        (int quietExit, string quiet) = await host.RunAsync(null, null, "run", "--objects", "leads", "--since", "2026-06-01", "--until", "2026-06-30T23:59:59Z", "--quiet");
        (int verboseExit, string verbose) = await host.RunAsync(null, null, "checkpoints", "--objects", "leads", "--verbose");

        Assert.True(quietExit == ExitCodes.Success, quiet);
        Assert.StartsWith("Landed 1 verified file(s)", quiet.Trim(), StringComparison.Ordinal);
        Assert.Single(quiet.Trim().Split('\n'));
        Assert.True(verboseExit == ExitCodes.Success, verbose);
        Assert.Matches(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z Information ", verbose);
    }

    [Fact]
    public async Task Options_BeforeTheCommand_AreRefusedSayingWhereTheyGo()
    {
        (int exit, string output) = await RunAsync(["--objects", "leads", "run"]);

        Assert.Equal(ExitCodes.BadOptions, exit);
        Assert.Contains("'--objects' is an option of `run`", output, StringComparison.Ordinal);
        Assert.Contains("give the command first", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suggest_Directive_CompletesCommandsOptionsAndValues()
    {
        (_, string commands) = await RunAsync(["[suggest:16]", "marketo-export ch"]);
        (_, string options) = await RunAsync(["[suggest:23]", "marketo-export run --qu"]);
        (_, string values) = await RunAsync(["[suggest:27]", "marketo-export run --quota "]);

        Assert.Contains("check", commands.Split('\n').Select(l => l.Trim()));
        Assert.Contains("checkpoints", commands.Split('\n').Select(l => l.Trim()));
        Assert.Contains("--quota", options.Split('\n').Select(l => l.Trim()));
        Assert.Equal(["stop", "wait"], values.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static async Task<(int Exit, string Output)> RunAsync(string[] args)
    {
        var writer = new StringWriter(new StringBuilder());
        IAnsiConsole console = PlainConsole.Create(writer);
        int exit = await ExportCli.RunAsync(args, console);
        return (exit, writer.ToString());
    }
}
