using System.Diagnostics;
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
        var start = new ProcessStartInfo("dotnet", [app]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment["Marketo__ClientSecret"] = Unresolved;
        start.Environment["Marketo__BaseUrl"] = "https://123-abc-456.mktorest.com";
        start.Environment["Marketo__ClientId"] = "client";
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, process.ExitCode);
        string output = await stderr + await stdout;
        Assert.Contains("Marketo__ClientSecret still hold an unresolved Key Vault reference", output, StringComparison.Ordinal);
        Assert.DoesNotContain("mde-kv.vault.azure.net", output, StringComparison.Ordinal);
    }
}
