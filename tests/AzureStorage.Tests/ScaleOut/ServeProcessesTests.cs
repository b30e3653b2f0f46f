using System.Diagnostics;
using System.Net;
using System.Text.Json;
using MarketoExport.AzureStorage.Tests.Azurite;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace MarketoExport.AzureStorage.Tests.ScaleOut;

/// <summary>Several `serve` processes on one task hub share the work of a run.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ServeProcessesTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task TwoServeProcesses_OneRun_BothRunItsActivitiesAndEveryRecordLandsOnce()
    {
        await using var world = new ScaleOutWorld(azurite, "Serve");
        await world.StartAsync();

        // One activity at a time per worker: while one worker is held inside an activity, the run's other activities
        // can only go to the other worker. Short idle polling keeps the test quick.
        var oneAtATime = new Dictionary<string, string>
        {
            ["Durable__AzureStorage__MaxConcurrentActivities"] = "1",
            ["Durable__AzureStorage__MaxPollingIntervalSeconds"] = "0.5",
        };
        ChildProcess a = world.StartServe("serve-a", oneAtATime);
        ChildProcess b = world.StartServe("serve-b", oneAtATime);
        Uri urlA = new((await a.WaitForLineAsync(@"Listening on (http://\S+/):", ScaleOutWorld.Generous)).Groups[1].Value);
        Uri urlB = new((await b.WaitForLineAsync(@"Listening on (http://\S+/):", ScaleOutWorld.Generous)).Groups[1].Value);
        string workerA = (await a.WaitForLineAsync(@"as worker (\S+)\.", ScaleOutWorld.Generous)).Groups[1].Value;
        string workerB = (await b.WaitForLineAsync(@"as worker (\S+)\.", ScaleOutWorld.Generous)).Groups[1].Value;
        using var http = new HttpClient { Timeout = ScaleOutWorld.Generous };

        // Both objects' first export job creation is held in the simulator: two held calls means two activities in
        // flight at once, which with one activity per worker means one in each process.
        using (SimulatorGate creates = world.Control.Hold("/export/create.json"))
        {
            using HttpResponseMessage started = await http.PostAsync(new Uri(urlA, "api/exports"), content: null);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            await creates.WaitForHeldAsync(2).WaitAsync(ScaleOutWorld.Generous);
        }

        OrchestrationMetadata done = await WaitAsync(world.Observer());
        using HttpResponseMessage statusFromB = await http.GetAsync(new Uri(urlB, "api/exports/" + ScaleOutWorld.RunInstanceId));
        using JsonDocument status = JsonDocument.Parse(await statusFromB.Content.ReadAsStringAsync());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(HttpStatusCode.OK, statusFromB.StatusCode);
        Assert.Equal("Completed", status.RootElement.GetProperty("runtimeStatus").GetString());
        Assert.NotEqual(workerA, workerB);
        IReadOnlyList<string> ranByA = world.ActivityLines("serve-a");
        IReadOnlyList<string> ranByB = world.ActivityLines("serve-b");
        Assert.Contains(ranByA, l => l.Contains("Running activity CreateExportJobActivity", StringComparison.Ordinal));
        Assert.Contains(ranByB, l => l.Contains("Running activity CreateExportJobActivity", StringComparison.Ordinal));
        world.AssertExportedOnce();
    }

    [Fact]
    public async Task ServeKilledMidRun_AnotherServeOnTheHub_FinishesTheRunWithoutARestart()
    {
        await using var world = new ScaleOutWorld(azurite, "Failover");
        await world.StartAsync();
        ChildProcess a = world.StartServe("serve-a");
        Uri urlA = new((await a.WaitForLineAsync(@"Listening on (http://\S+/):", ScaleOutWorld.Generous)).Groups[1].Value);
        using var http = new HttpClient { Timeout = ScaleOutWorld.Generous };
        Stopwatch sinceKill;
        using (SimulatorGate downloads = world.Control.Hold("/file.json"))
        {
            using (HttpResponseMessage started = await http.PostAsync(new Uri(urlA, "api/exports"), content: null))
            {
                Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            }

            // serve-a, alone so far, is inside both objects' first download; serve-b joins, then serve-a dies for good.
            await downloads.WaitForHeldAsync(2).WaitAsync(ScaleOutWorld.Generous);
            ChildProcess b = world.StartServe("serve-b");
            await b.WaitForLineAsync(@"Listening on (http://\S+/):", ScaleOutWorld.Generous);
            a.Kill();
            sinceKill = Stopwatch.StartNew();
        }

        OrchestrationMetadata done = await WaitAsync(world.Observer());
        TimeSpan finishedAfter = sinceKill.Elapsed;

        output.WriteLine($"serve-b finished the run {finishedAfter.TotalSeconds:F1} s after serve-a was killed");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Contains(world.ActivityLines("serve-b"), l => l.Contains("Running activity DownloadExportFileActivity", StringComparison.Ordinal)
            && l.EndsWith("delivery 2", StringComparison.Ordinal));
        world.AssertExportedOnce();
    }

    [Fact]
    public async Task Serve_FailedRun_RewindAnswers501NamingTheReason_RestartRunsItAgainToTheEnd()
    {
        await using var world = new ScaleOutWorld(azurite, "Rewind");
        await world.StartAsync(provision: false);
        ChildProcess serve = world.StartServe("serve", new Dictionary<string, string> { ["Durable__AzureStorage__MaxPollingIntervalSeconds"] = "0.5" });
        Uri url = new((await serve.WaitForLineAsync(@"Listening on (http://\S+/):", ScaleOutWorld.Generous)).Groups[1].Value);
        using var http = new HttpClient { Timeout = ScaleOutWorld.Generous };
        DurableTaskClient observer = world.Observer();
        Uri run = new(url, "api/exports/" + ScaleOutWorld.RunInstanceId);

        // No checkpoint custom object yet: reading the checkpoints fails for good (no retry), so the run fails.
        using (HttpResponseMessage started = await http.PostAsync(new Uri(url, "api/exports"), content: null))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await WaitAsync(observer)).RuntimeStatus);
        await world.ProvisionAsync();
        using HttpResponseMessage rewind = await http.PostAsync(new Uri(run + "/rewind?reason=retry"), content: null);
        string rewindBody = await rewind.Content.ReadAsStringAsync();
        OrchestrationMetadata? afterRewind = await observer.GetInstanceAsync(ScaleOutWorld.RunInstanceId);
        using HttpResponseMessage restart = await http.PostAsync(new Uri(run + "/restart"), content: null);
        OrchestrationMetadata restarted = await WaitAsync(observer);

        Assert.Equal(HttpStatusCode.NotImplemented, rewind.StatusCode);
        Assert.Contains("the Azure Storage backend cannot rewind safely; restart", rewindBody, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, afterRewind?.RuntimeStatus);
        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, restarted.RuntimeStatus);
        world.AssertExportedOnce();
    }

    private static async Task<OrchestrationMetadata> WaitAsync(DurableTaskClient client)
    {
        // The test's own client of the hub (it polls the instance table: Azure Storage has no change notifications).
        using var timeout = new CancellationTokenSource(ScaleOutWorld.Generous);
        return await client.WaitForInstanceCompletionAsync(ScaleOutWorld.RunInstanceId, cancellation: timeout.Token);
    }
}
