using System.Text;
using System.Text.Json;
using MarketoExport.AzureStorage.Tests.Azurite;
using MarketoExport.Cli;
using MarketoExport.TestHelpers;
using Spectre.Console;

namespace MarketoExport.AzureStorage.Tests.ScaleOut;

/// <summary>A task hub that refuses the worker stops the command with one line naming the hub and the keys, never the key.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StartFailureTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Run_WrongAccountKey_Exit1NamingTheHubAndTheCauseWithoutTheKey()
    {
        await using var world = new ScaleOutWorld(azurite, "Refused");
        await world.StartAsync(provision: false);
        const string wrongKey = "V1JPTkdLRVlXUk9OR0tFWVdST05HS0VZ";
        string connection = string.Join(';', azurite.ConnectionString.Split(';').Select(p => p.StartsWith("AccountKey=", StringComparison.Ordinal) ? "AccountKey=" + wrongKey : p));
        string config = Path.Combine(world.Root, "refused.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            Marketo = new { BaseUrl = world.Sim.BaseUrl.ToString(), world.SimOptions.ClientId, world.SimOptions.ClientSecret },
            Durable = new { Backend = "AzureStorage", AzureStorage = new { ConnectionString = connection, TaskHub = world.TaskHub } },
        }));
        var writer = new StringWriter(new StringBuilder());
        IAnsiConsole console = PlainConsole.Create(writer);

        int exit = await ExportCli.RunAsync(["run", "--config", config, .. world.ExportArgs("runner")], console);

        string output = writer.ToString();
        string log = await File.ReadAllTextAsync(world.Log("runner"));
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains($"task hub '{world.TaskHub}' could not be reached: Server failed to authenticate the request", output, StringComparison.Ordinal);
        Assert.Contains("Durable:AzureStorage:ConnectionString", output, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, log, StringComparison.Ordinal);
        Assert.Empty(world.Control.GetJobs());
    }
}
