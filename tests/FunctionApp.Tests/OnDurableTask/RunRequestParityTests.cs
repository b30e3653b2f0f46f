using System.Text.Json;
using System.Text.Json.Nodes;
using MarketoExport.Durable;
using MarketoExport.Cli;
using MarketoExport.Management;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask.Client;

namespace MarketoExport.FunctionApp.Tests.OnDurableTask;

/// <summary>One run plan for every host: the same settings give the same orchestration input on Azure and from the CLI.</summary>
public sealed class RunRequestParityTests
{
    [Fact]
    public async Task HttpStartOnTheFunctionApp_AndRun_ProduceTheSameRequest()
    {
        await using FunctionAppHarness h = await FunctionAppHarness.StartAsync(startWorker: false);
        Dictionary<string, string?> settings = FunctionAppHarness.Settings(h.Simulator.BaseUrl, h.Landing);

        // Azure: the HTTP start function stores the request as the run's input (the worker is stopped: it stays Pending).
        (int status, _, _) = await h.CallAsync(r => h.Http.StartExport(r, h.Client), "POST", "/api/exports");
        OrchestrationMetadata pending = (await h.Client.GetInstanceAsync(ExportRuns.RunInstanceId, getInputsAndOutputs: true))!;
        ExportRunRequest azure = pending.ReadInputAs<ExportRunRequest>()!;

        // The CLI: `run --config FILE` with the same keys plans the request it starts.
        string config = Path.Combine(h.Root, "same.json");
        await File.WriteAllTextAsync(config, Nested(settings).ToJsonString());
        (CliOptions options, _) = CliConfiguration.Parse(["run", "--config", config], h.Root);
        await using ExportRuntime runtime = await ExportRuntime.OpenAsync(options, writeLogs: false);
        ExportRunRequest cli = runtime.Plan(request: null).Request;

        Assert.Equal(202, status);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending.RuntimeStatus);
        Assert.Equal(JsonSerializer.Serialize(cli, DurableJson.Options), JsonSerializer.Serialize(azure, DurableJson.Options));
        Assert.Equal(["leads", "activities"], azure.Objects.Select(o => o.Name));
        Assert.Equal(TimeSpan.FromSeconds(1), azure.Settings.PollMaxDelay); // Export:Settings reached both
    }

    private static JsonObject Nested(Dictionary<string, string?> flat)
    {
        var root = new JsonObject();
        foreach ((string key, string? value) in flat)
        {
            string[] parts = key.Split(':');
            JsonObject node = root;
            foreach (string part in parts[..^1])
            {
                node = (JsonObject)(node[part] ??= new JsonObject());
            }

            node[parts[^1]] = value;
        }

        return root;
    }
}
