using System.Text.Json;
using System.Text.RegularExpressions;
using MarketoExport.TestHelpers;

namespace MarketoExport.FunctionApp.Tests;

/// <summary>host.json, the Bicep app settings and the Function App's code must agree on names and limits.</summary>
public sealed partial class HostingConfigurationTests
{
    [Fact]
    public void HostJson_ActivityConcurrency_StaysWithinMarketosTenConcurrentCalls()
    {
        using JsonDocument host = JsonDocument.Parse(RepositoryFiles.Read("host.json"));
        JsonElement durable = host.RootElement.GetProperty("extensions").GetProperty("durableTask");

        int activities = durable.GetProperty("maxConcurrentActivityFunctions").GetInt32();

        Assert.InRange(activities, 1, 10);
    }

    [Fact]
    public void HostJson_HubName_IsTheAppSettingTheBicepWrites()
    {
        using JsonDocument host = JsonDocument.Parse(RepositoryFiles.Read("host.json"));
        string hubName = host.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString()!;

        Match setting = AppSettingReference().Match(hubName);

        Assert.True(setting.Success, $"hubName '{hubName}' should come from an app setting (%Name%).");
        Assert.Contains($"{setting.Groups[1].Value}: taskHubName", RepositoryFiles.Read("infra/bicep/main.bicep"), StringComparison.Ordinal);
    }

    [Fact]
    public void TimerTrigger_ScheduleSetting_IsWrittenByBicep()
    {
        string timer = RepositoryFiles.Read("src/FunctionApp/Triggers/ScheduledExportFunction.cs");
        Match schedule = TimerSchedule().Match(timer);

        Assert.True(schedule.Success, "The timer trigger should read its cron from an app setting (%Section:Key%).");
        string appSetting = schedule.Groups[1].Value.Replace(":", "__", StringComparison.Ordinal);
        Assert.Contains($"{appSetting}: exportSchedule", RepositoryFiles.Read("infra/bicep/main.bicep"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Marketo__BaseUrl")]
    [InlineData("Marketo__ClientId")]
    [InlineData("AzureWebJobsStorage__accountName")]
    [InlineData("AzureWebJobsStorage__credential")]
    [InlineData("AzureWebJobsStorage__clientId")]
    [InlineData("Landing__Kind")]
    [InlineData("Landing__Blob__AccountUrl")]
    [InlineData("Landing__Blob__Container")]
    [InlineData("Landing__Blob__ClientId")]
    public void Bicep_AppSettings_IncludeWhatTheAppReads(string setting)
    {
        string bicep = RepositoryFiles.Read("infra/bicep/main.bicep") + RepositoryFiles.Read("infra/bicep/modules/functionApp.bicep");

        Assert.Contains($"{setting}:", bicep, StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_MarketoClientSecret_IsAKeyVaultReferenceNeverAValue()
    {
        string bicep = RepositoryFiles.Read("infra/bicep/main.bicep");

        Match secret = ClientSecretSetting().Match(bicep);

        Assert.True(secret.Success, "Marketo__ClientSecret should be set in main.bicep.");
        Assert.StartsWith("'@Microsoft.KeyVault(SecretUri=", secret.Groups[1].Value, StringComparison.Ordinal);
        Assert.Contains("@secure()\nparam marketoClientSecret string", bicep.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionAppProject_LinksTheRootHostJsonIntoItsOutput()
    {
        string project = RepositoryFiles.Read("src/FunctionApp/FunctionApp.csproj");

        Assert.Contains("<None Include=\"..\\..\\host.json\" Link=\"host.json\" CopyToOutputDirectory=\"PreserveNewest\" />", project, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(RepositoryFiles.Root, "src", "FunctionApp", "host.json")), "Keep one host.json, at the repository root.");
    }

    [GeneratedRegex(@"^%([A-Za-z0-9_]+)%$")]
    private static partial Regex AppSettingReference();

    [GeneratedRegex(@"\[TimerTrigger\(""%([A-Za-z0-9_:]+)%""\)\]")]
    private static partial Regex TimerSchedule();

    [GeneratedRegex(@"Marketo__ClientSecret:\s*(.+)")]
    private static partial Regex ClientSecretSetting();
}
