using System.Text;
using System.Text.Json;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;
using Spectre.Console;

namespace MarketoExport.Cli.Tests;

/// <summary>`check` (each line ok/warning/failed with the fix, exit 0/1, --json) and `discover` (objects, fields, activity types, --json).</summary>
public sealed class CheckAndDiscoverTests
{
    [Fact]
    public async Task Check_EverythingInPlace_Exit0AndEveryLineOk()
    {
        using var host = new CliHarness();

        (int exit, string json, string stderr) = await RunAsync(host, null, "check", "--json");

        Assert.True(exit == ExitCodes.Success, json + stderr);
        using JsonDocument doc = JsonDocument.Parse(json);
        Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
        Dictionary<string, string> status = Statuses(doc);
        Assert.Equal("ok", status["credentials"]);
        Assert.Equal("ok", status["permission: Read-Only Lead"]);
        Assert.Equal("ok", status["permission: Read-Only Activity"]);
        Assert.Equal("ok", status["permission: Read-Write Custom Object"]);
        Assert.Equal("ok", status["permission: Read-Write Custom Object Type"]);
        Assert.Equal("ok", status["checkpoint object"]);
        Assert.Equal("ok", status["API calls today"]);
        Assert.Equal("ok", status["export bytes today"]);
        Assert.Contains("of 50,000 used today", Detail(doc, "API calls today"), StringComparison.Ordinal);
        Assert.DoesNotContain("polling", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_RoleWithoutReadOnlyLead_Exit1NamingThePermissionAndWhereToGrantIt()
    {
        using var host = new CliHarness();

        (int exit, string json, _) = await RunAsync(host, c => c.ApiUserPermissions = SimulatorApiPermissions.All & ~SimulatorApiPermissions.Lead, "check", "--json");

        Assert.Equal(ExitCodes.Failed, exit);
        using JsonDocument doc = JsonDocument.Parse(json);
        Assert.False(doc.RootElement.GetProperty("ok").GetBoolean());
        JsonElement lead = Item(doc, "permission: Read-Only Lead");
        Assert.Equal("failed", lead.GetProperty("status").GetString());
        Assert.Contains("603", lead.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Access API: tick Read-Only Lead", lead.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Equal("ok", Statuses(doc)["permission: Read-Only Activity"]);
    }

    [Fact]
    public async Task Check_RoleWithoutSchemaPermission_OnlyAWarningBecauseOnlyProvisionNeedsIt()
    {
        using var host = new CliHarness();
        await using SimulatorHost marketo = await SimulatorHost.StartAsync(SimulatorPresets.Fast());
        string config = await MarketoConfigAsync(host, marketo);
        (int provisioned, string provisionOutput) = await host.RunAsync(null, null, "provision", "--config", config);
        Assert.True(provisioned == ExitCodes.Success, provisionOutput);
        marketo.Control.ApiUserPermissions = SimulatorApiPermissions.All & ~SimulatorApiPermissions.CustomObjectType;

        (int exit, string output) = await host.RunAsync(null, null, "check", "--config", config);

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Contains("warning", output, StringComparison.Ordinal);
        Assert.Contains("Ready: every check passed (1 warning(s)).", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CredentialsRefused_Exit1WithTheFixTheRestSkippedAndNoSecret()
    {
        using var host = new CliHarness();

        (int exit, string json, string stderr) = await RunAsync(host,
            c => c.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.HttpStatus, StatusCode = 401, PathContains = "/identity", Count = null }), "check", "--json");

        Assert.Equal(ExitCodes.Failed, exit);
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement credentials = Item(doc, "credentials");
        Assert.Equal("failed", credentials.GetProperty("status").GetString());
        Assert.Contains("Marketo__ClientSecret", credentials.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.All(doc.RootElement.GetProperty("checks").EnumerateArray().Skip(1), c => Assert.Equal("skipped", c.GetProperty("status").GetString()));
        Assert.DoesNotContain(SimulatorPresets.Fast().ClientSecret, json + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AgainstAMarketoWithoutTheCheckpointObject_SaysToProvision()
    {
        using var host = new CliHarness();
        await using SimulatorHost marketo = await SimulatorHost.StartAsync(SimulatorPresets.Fast());
        string config = await MarketoConfigAsync(host, marketo);

        (int exit, string output) = await host.RunAsync(null, null, "check", "--config", config);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("custom object 'marketoExportCheckpoint' does not exist or is not approved", output, StringComparison.Ordinal);
        Assert.Contains("marketo-export provision", output, StringComparison.Ordinal);
        Assert.Contains("Not ready: 1 check(s) failed", output, StringComparison.Ordinal);
        Assert.Contains($"Marketo: {marketo.BaseUrl}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("polling", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_Json_ListsObjectsWithFieldsCustomObjectsAndActivityTypes()
    {
        using var host = new CliHarness();

        (int exit, string json, _) = await RunAsync(host, null, "discover", "--json");

        Assert.Equal(ExitCodes.Success, exit);
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement[] objects = doc.RootElement.GetProperty("objects").EnumerateArray().ToArray();
        string[] options = objects.Select(o => o.GetProperty("option").GetString()!).ToArray();
        Assert.Equal(["leads", "activities", "programMembers"], options[..3]);
        Assert.Contains("customObject:car_c", options);
        Assert.Contains(objects[0].GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "email");
        Assert.Equal(JsonValueKind.Null, objects[1].GetProperty("fields").ValueKind);
        Assert.NotEmpty(objects[2].GetProperty("fields").EnumerateArray());
        Assert.NotEmpty(objects.Single(o => o.GetProperty("name").GetString() == "car_c").GetProperty("fields").EnumerateArray());
        Assert.Contains(doc.RootElement.GetProperty("activityTypes").EnumerateArray(), t => t.GetProperty("id").GetInt32() == 1);
    }

    [Fact]
    public async Task Discover_WithoutActivityPermission_ListsTheRestAndWarnsWhatIsMissing()
    {
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, c => c.ApiUserPermissions = SimulatorApiPermissions.All & ~SimulatorApiPermissions.Activity, "discover");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("customObject:car_c", output, StringComparison.Ordinal);
        Assert.Contains("leads fields (--fields leads=…): ", output, StringComparison.Ordinal);
        Assert.Contains("not listed: the API user's role lacks Read-Only Activity", output, StringComparison.Ordinal);
    }

    private static async Task<string> MarketoConfigAsync(CliHarness host, SimulatorHost marketo)
    {
        string config = Path.Combine(host.Root, "marketo.json");
        await SimulatorSettings.WriteConfigFileAsync(config, marketo.BaseUrl, SimulatorPresets.Fast());
        return config;
    }

    private static Dictionary<string, string> Statuses(JsonDocument doc)
        => doc.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!);

    private static JsonElement Item(JsonDocument doc, string name)
        => doc.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static string Detail(JsonDocument doc, string name) => Item(doc, name).GetProperty("detail").GetString()!;

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(CliHarness host, Action<SimulatorControl>? arrange, params string[] args)
    {
        var stdout = new StringWriter(new StringBuilder());
        var stderr = new StringWriter(new StringBuilder());
        int exit = await ExportCli.RunAsync(
            CliArgs.With(new CliCommandLine().Root, args, ("--state", host.State)),
            new CliEnvironment(PlainConsole.Create(stdout)) { Error = PlainConsole.Create(stderr), SimulatorOptions = SimulatorPresets.Fast(), OnSimulatorStarted = s => arrange?.Invoke(s.Control) });
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
