using System.Text.Json;
using MarketoExport.Activities.Landing;
using MarketoExport.Management;
using MarketoExport.Marketo.Simulator;
using Microsoft.DurableTask.Client;

namespace MarketoExport.FunctionApp.Tests.OnDurableTask;

/// <summary>
/// The Function App's trigger methods and HTTP functions on a real Durable Task engine and a real
/// <see cref="DurableTaskClient"/> (DurableTask.Core's worker on the SQLite provider), against the simulator.
/// </summary>
public sealed class FunctionAppOnDurableTaskTests
{
    [Fact]
    public async Task StartExport_TriggersOnARealEngine_ExportEveryRecordOnceWithAtMostTwoJobsInFlight()
    {
        await using FunctionAppHarness h = await FunctionAppHarness.StartAsync();

        (int status, string body, string? location) = await h.CallAsync(r => h.Http.StartExport(r, h.Client), "POST", "/api/exports");
        OrchestrationMetadata done = await h.Client.WaitForInstanceCompletionAsync(ExportRuns.RunInstanceId, getInputsAndOutputs: true, FunctionAppHarness.Bound());

        Assert.Equal(202, status);
        Assert.Equal("http://func.example/api/exports/export-run", location);
        Assert.Equal("export-run", JsonDocument.Parse(body).RootElement.GetProperty("id").GetString());
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails}");
        IReadOnlyList<ManifestEntry> manifest = h.Landed.Manifest();
        Assert.Equal(["activities", "leads"], manifest.Select(m => m.Object).Distinct().Order());
        foreach (IGrouping<string, ManifestEntry> files in manifest.GroupBy(m => m.Object))
        {
            List<string> ids = files.SelectMany(m => h.Landed.FirstColumn(m.File)).ToList();
            Assert.Equal(files.Sum(m => m.Records), ids.Count);
            Assert.Equal(ids.Count, ids.Distinct().Count()); // every record once
        }

        Assert.Equal(300, manifest.Where(m => m.Object == "leads").Sum(m => m.Records));
        Assert.Equal(1500, manifest.Where(m => m.Object == "activities").Sum(m => m.Records));
        ExportQueueRecord queue = h.Simulator.Control.GetQueue();
        Assert.InRange(queue.MaxQueuedOrProcessing, 1, 2);
        Assert.Equal(manifest.Count, h.Simulator.Control.GetJobs().Count); // one job per window
    }

    [Fact]
    public async Task HttpFunctions_ThroughARealClient_AnswerLikeTheLocalServer()
    {
        await using FunctionAppHarness h = await FunctionAppHarness.StartAsync();
        using SimulatorGate held = h.Simulator.Control.Hold("/file.json");

        (int started, _, _) = await h.CallAsync(r => h.Http.StartExport(r, h.Client), "POST", "/api/exports");
        await h.Client.WaitForInstanceStartAsync(ExportRuns.RunInstanceId, FunctionAppHarness.Bound());
        (int again, string againBody, string? againLocation) = await h.CallAsync(r => h.Http.StartExport(r, h.Client), "POST", "/api/exports");
        (int running, string runningBody, _) = await h.CallAsync(r => ExportHttpFunctions_GetExport(r, h), "GET", "/api/exports/export-run");
        (int purgeRunning, _, _) = await h.CallAsync(r => Triggers.ExportHttpFunctions.PurgeExport(r, "export-run", h.Client), "DELETE", "/api/exports/export-run");
        (int unknownField, string unknownBody, _) = await h.CallAsync(r => h.Http.StartExport(r, h.Client), "POST", "/api/exports", """{"objectz":["leads"]}""");
        held.Release();
        await h.Client.WaitForInstanceCompletionAsync(ExportRuns.RunInstanceId, FunctionAppHarness.Bound());
        (int finished, string finishedBody, _) = await h.CallAsync(r => ExportHttpFunctions_GetExport(r, h), "GET", "/api/exports/export-run");
        (int list, string listBody, _) = await h.CallAsync(r => Triggers.ExportHttpFunctions.ListExports(r, h.Client), "GET", "/api/exports");
        (int terminateDone, _, _) = await h.CallAsync(r => Triggers.ExportHttpFunctions.TerminateExport(r, "export-run", h.Client), "POST", "/api/exports/export-run/terminate");
        (int rewindDone, _, _) = await h.CallAsync(r => h.Http.RewindExport(r, "export-run", h.Client), "POST", "/api/exports/export-run/rewind");
        (int purge, string purgeBody, _) = await h.CallAsync(r => Triggers.ExportHttpFunctions.PurgeExport(r, "export-run", h.Client), "DELETE", "/api/exports/export-run");
        (int gone, string goneBody, _) = await h.CallAsync(r => ExportHttpFunctions_GetExport(r, h), "GET", "/api/exports/export-run");

        Assert.Equal(202, started);
        Assert.Equal(409, again);
        Assert.Contains("runs are singletons", againBody, StringComparison.Ordinal);
        Assert.Equal("http://func.example/api/exports/export-run", againLocation);
        Assert.Equal(202, running);
        Assert.Equal("Running", JsonDocument.Parse(runningBody).RootElement.GetProperty("runtimeStatus").GetString());
        Assert.Equal(409, purgeRunning);
        Assert.Equal(400, unknownField);
        Assert.Contains("'objectz' is not a field of a start request (did you mean 'objects'?)", unknownBody, StringComparison.Ordinal);
        Assert.Equal(200, finished);
        JsonElement status = JsonDocument.Parse(finishedBody).RootElement;
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(["leads", "activities"], status.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("object").GetString()));
        Assert.Equal(200, list);
        Assert.Equal("export-run", Assert.Single(JsonDocument.Parse(listBody).RootElement.EnumerateArray()).GetProperty("instanceId").GetString());
        Assert.Equal(409, terminateDone);
        Assert.Equal(409, rewindDone);
        Assert.Equal(200, purge);
        Assert.Equal(3, JsonDocument.Parse(purgeBody).RootElement.GetProperty("instancesDeleted").GetInt32()); // the run and its two objects
        Assert.Equal(404, gone);
        Assert.Contains("No orchestration instance 'export-run' exists", goneBody, StringComparison.Ordinal);
    }

    private static Task<Microsoft.AspNetCore.Mvc.IActionResult> ExportHttpFunctions_GetExport(Microsoft.AspNetCore.Http.HttpRequest request, FunctionAppHarness h)
        => Triggers.ExportHttpFunctions.GetExport(request, "export-run", h.Client);
}
