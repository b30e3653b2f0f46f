using MarketoExport.TestHelpers;
using MarketoExport.Activities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
    public void Enforce_AlertWebhookIsAnUnresolvedReference_AlertsOffAndTheAppsServicesStillStart()
    {
        using var landing = new TemporaryFolder("mde-kv");
        Dictionary<string, string?> settings = OnDurableTask.FunctionAppHarness.Settings(new Uri("http://127.0.0.1:9/"), landing.Path);
        settings["Export:AlertWebhookUrl"] = Unresolved;

        // Without the rule the literal reference reaches the [Url] check and takes the whole app down.
        using (ServiceProvider unguarded = Services(Manager(settings)))
        {
            Assert.Throws<OptionsValidationException>(() => unguarded.GetRequiredService<IOptions<ExportActivityOptions>>().Value);
        }

        ConfigurationManager configuration = Manager(settings);
        IReadOnlyList<string> off = KeyVaultReferences.Enforce(configuration);

        Assert.Equal(["Export:AlertWebhookUrl"], off);
        using ServiceProvider provider = Services(configuration);
        Assert.Null(provider.GetRequiredService<IOptions<ExportActivityOptions>>().Value.AlertWebhookUrl);
        Assert.Contains("Export__AlertWebhookUrl", KeyVaultReferences.DisabledMessage(off), StringComparison.Ordinal);
        Assert.DoesNotContain("vault.azure.net", KeyVaultReferences.DisabledMessage(off), StringComparison.Ordinal);
    }

    [Fact]
    public void Enforce_ClientSecretIsAnUnresolvedReference_ThrowsNamingTheSetting()
    {
        ConfigurationManager configuration = Manager(new() { ["Marketo:ClientSecret"] = Unresolved, ["Export:AlertWebhookUrl"] = Unresolved });

        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => KeyVaultReferences.Enforce(configuration));

        Assert.Contains("Marketo__ClientSecret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AlertWebhookUrl", ex.Message, StringComparison.Ordinal);
    }

    private static ConfigurationManager Manager(Dictionary<string, string?> settings)
    {
        var manager = new ConfigurationManager();
        manager.AddInMemoryCollection(settings);
        return manager;
    }

    private static ServiceProvider Services(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(configuration);
        services.AddMarketoExport(configuration);
        return services.BuildServiceProvider();
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
