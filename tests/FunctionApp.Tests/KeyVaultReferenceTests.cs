using MarketoExport.TestHelpers;
using Microsoft.Extensions.Configuration;

namespace MarketoExport.FunctionApp.Tests;

public sealed class KeyVaultReferenceTests
{
    private const string Unresolved = "@Microsoft.KeyVault(SecretUri=https://mde-kv.vault.azure.net/secrets/marketo-client-secret/)";

    [Fact]
    public void Find_UnresolvedRequiredAndOptionalSettings_SplitsThem()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Marketo:ClientSecret"] = Unresolved,
            ["Marketo:ClientId"] = "abc",
            ["Export:AlertWebhookUrl"] = " " + Unresolved,
            ["Landing:Kind"] = "blob",
        }).Build();

        (IReadOnlyList<string> fatal, IReadOnlyList<string> optional) = KeyVaultReferences.Find(config);

        Assert.Equal(["Marketo:ClientSecret"], fatal);
        Assert.Equal(["Export:AlertWebhookUrl"], optional);
        Assert.Contains("Marketo__ClientSecret", KeyVaultReferences.FatalMessage(fatal), StringComparison.Ordinal);
        Assert.Null(KeyVaultReferences.FatalMessage([]));
    }

    [Fact]
    public async Task StartUp_ClientSecretIsAnUnresolvedReference_RefusesToStartNamingTheSetting()
    {
        string app = Path.Combine(AppContext.BaseDirectory.Replace(
            Path.Combine("tests", "FunctionApp.Tests"), Path.Combine("src", "FunctionApp"), StringComparison.Ordinal), "MarketoExport.FunctionApp.dll");
        var environment = new Dictionary<string, string>
        {
            ["Marketo__ClientSecret"] = Unresolved,
            ["Marketo__BaseUrl"] = "https://123-abc-456.mktorest.com",
            ["Marketo__ClientId"] = "client",
        };
        using ChildProcess process = ChildProcess.Start(ChildProcess.DotnetHost(), [app], environment: environment, name: "the Function App");

        int exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        string output = process.Output;
        Assert.Contains("Marketo__ClientSecret still hold an unresolved Key Vault reference", output, StringComparison.Ordinal);
        Assert.DoesNotContain("mde-kv.vault.azure.net", output, StringComparison.Ordinal);
    }
}
