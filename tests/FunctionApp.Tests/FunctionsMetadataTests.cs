using System.Text.Json;
using MarketoExport.Activities;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.FunctionApp.Tests;

/// <summary>
/// The build's <c>functions.metadata</c> (what the Functions host indexes) names every orchestrator, activity, HTTP
/// and timer function with its trigger type: a function the host does not find never runs.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Functions = new(Load);

    [Theory]
    [InlineData(nameof(ExportRunOrchestrator))]
    [InlineData(nameof(ObjectExportOrchestrator))]
    public void Metadata_EveryOrchestrator_HasAnOrchestrationTrigger(string name)
    {
        Assert.Equal("orchestrationTrigger", TriggerOf(name).GetProperty("type").GetString());
    }

    [Fact]
    public void Metadata_EveryActivityTheOrchestratorsCall_HasAnActivityTrigger()
    {
        Assert.Equal(12, ExportActivities.All.Count);
        Assert.All(ExportActivities.All, a => Assert.Equal("activityTrigger", TriggerOf(a.Name).GetProperty("type").GetString()));
    }

    [Theory]
    [InlineData("StartExport", "post", "exports")]
    [InlineData("ListExports", "get", "exports")]
    [InlineData("GetExport", "get", "exports/{id}")]
    [InlineData("TerminateExport", "post", "exports/{id}/terminate")]
    [InlineData("RestartExport", "post", "exports/{id}/restart")]
    [InlineData("RewindExport", "post", "exports/{id}/rewind")]
    [InlineData("PurgeExport", "delete", "exports/{id}")]
    public void Metadata_ManagementApi_HasHttpTriggersWithTheLocalServersRoutes(string name, string method, string route)
    {
        JsonElement trigger = TriggerOf(name);

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
        Assert.Contains(Bindings(name), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void Metadata_Schedule_IsATimerTriggerReadingTheExportScheduleSetting()
    {
        JsonElement trigger = TriggerOf("ScheduledExport");

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("%Export:Schedule%", trigger.GetProperty("schedule").GetString());
        Assert.Contains(Bindings("ScheduledExport"), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void Metadata_HasNoOtherFunctions()
    {
        Assert.Equal(2 + 12 + 7 + 1, Functions.Value.Count);
    }

    private static List<JsonElement> Bindings(string function)
    {
        Assert.True(Functions.Value.TryGetValue(function, out JsonElement f), $"functions.metadata has no function '{function}'.");
        return f.GetProperty("bindings").EnumerateArray().ToList();
    }

    private static JsonElement TriggerOf(string function)
        => Assert.Single(Bindings(function), b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private static Dictionary<string, JsonElement> Load()
    {
        // The Functions SDK writes functions.metadata into the Function App's own build output.
        string output = AppContext.BaseDirectory.Replace(
            Path.Combine("tests", "FunctionApp.Tests"), Path.Combine("src", "FunctionApp"), StringComparison.Ordinal);
        string path = Path.Combine(output, "functions.metadata");
        Assert.True(File.Exists(path), $"functions.metadata not found at {path}; build src/FunctionApp first.");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());
    }
}
