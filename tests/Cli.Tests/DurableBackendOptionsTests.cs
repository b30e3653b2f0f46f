using MarketoExport.Durable;
using MarketoExport.TestHelpers;

namespace MarketoExport.Cli.Tests;

/// <summary><c>Durable:*</c> on the command line: checked with the other options, before anything starts.</summary>
public sealed class DurableBackendOptionsTests : IDisposable
{
    private const string Secret = "TOPSECRETKEY123==";
    private readonly TemporaryFolder _temporary = new("mde-durable-cfg");

    public void Dispose() => _temporary.Dispose();

    [Theory]
    [InlineData("run", """ "Backend": "Cosmos" """, "Durable:Backend")]
    [InlineData("serve", """ "Backend": "AzureStorage", "AzureStorage": { "ConnectionString": "AccountName=a;AccountKey=TOPSECRETKEY123==", "TaskHub": "bad-hub" } """, "Durable:AzureStorage:TaskHub")]
    [InlineData("run", """ "Backend": "AzureStorage", "AzureStorage": { "ConnectionString": "AccountName=a;AccountKey=TOPSECRETKEY123==", "TaskHub": "Hub1", "WorkItemVisibilitySeconds": "2" } """, "Durable:AzureStorage:WorkItemVisibilitySeconds")]
    [InlineData("run", """ "Backend": "AzureStorage", "AzureStorage": { "TaskHub": "Hub1" } """, "Durable:AzureStorage:ConnectionString")]
    public async Task RunOrServe_BadDurableSetting_Exit2NamingTheKeyWithoutTheSecretAndNothingStarted(string command, string durableJson, string named)
    {
        string config = WriteConfig(durableJson, marketo: true);
        using var host = new CliHarness();

        (int exit, string output) = await host.RunAsync(null, null, command, "--config", config);

        Assert.Equal(ExitCodes.BadOptions, exit);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);
        Assert.Null(host.Control);
        Assert.False(Directory.Exists(Path.GetDirectoryName(host.State)));
    }

    [Fact]
    public void Parse_AzureStorageWithTheBuiltInSimulator_RefusedBecauseWorkersWouldNotShareIt()
    {
        string config = WriteConfig(""" "Backend": "AzureStorage", "AzureStorage": { "ConnectionString": "UseDevelopmentStorage=true", "TaskHub": "Hub1" } """, marketo: false);

        CliOptionException ex = Assert.Throws<CliOptionException>(() => CliConfiguration.Parse(["serve", "--config", config], _temporary.Path));

        Assert.Contains("Durable:Backend=AzureStorage", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Marketo__BaseUrl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AzureStorage_SettingsReadAndTheConnectionStringNeverInToString()
    {
        string config = WriteConfig(
            """ "Backend": "AzureStorage", "AzureStorage": { "ConnectionString": "AccountName=a;AccountKey=TOPSECRETKEY123==", "TaskHub": "Hub1", "PartitionCount": "2" } """,
            marketo: true);

        (CliOptions sut, _) = CliConfiguration.Parse(["run", "--config", config], _temporary.Path);

        Assert.Equal(DurableBackend.AzureStorage, sut.Durable.Backend);
        Assert.Equal("Hub1", sut.Durable.AzureStorage.TaskHub);
        Assert.Equal(2, sut.Durable.AzureStorage.PartitionCount);
        Assert.Contains("AzureStorage", sut.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, sut.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoDurableSection_Sqlite()
    {
        (CliOptions sut, _) = CliConfiguration.Parse(["run"], _temporary.Path);

        Assert.Equal(DurableBackend.Sqlite, sut.Durable.Backend);
    }

    private string WriteConfig(string durableJson, bool marketo)
    {
        string path = Path.Combine(_temporary.Path, Guid.NewGuid().ToString("N") + ".json");
        string marketoJson = marketo ? """ "Marketo": { "BaseUrl": "http://127.0.0.1:9", "ClientId": "id", "ClientSecret": "secret" }, """ : string.Empty;
        File.WriteAllText(path, "{" + marketoJson + " \"Durable\": {" + durableJson + "} }");
        return path;
    }
}
