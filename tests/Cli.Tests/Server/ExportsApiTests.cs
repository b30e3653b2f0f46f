using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;
using Microsoft.DurableTask.Client;

namespace MarketoExport.Cli.Tests.Server;

/// <summary>The Durable-style HTTP API over real HTTP on loopback.</summary>
public sealed class ExportsApiTests
{
    [Fact]
    public async Task PostExports_NoBody_Returns202CheckStatusPayloadAndTheRunCompletes()
    {
        await using ServerHarness h = await ServerHarness.StartAsync();

        using HttpResponseMessage start = await h.Http.PostAsync(new Uri("/api/exports", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        JsonElement payload = await start.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("export-run", payload.GetProperty("id").GetString());
        string status = payload.GetProperty("statusQueryGetUri").GetString()!;
        Assert.Equal(new Uri(h.Http.BaseAddress!, "/api/exports/export-run"), new Uri(status));
        Assert.Equal(new Uri(status), start.Headers.Location);
        Assert.StartsWith(status + "/terminate", payload.GetProperty("terminatePostUri").GetString(), StringComparison.Ordinal);
        Assert.Equal(status + "/restart", payload.GetProperty("restartPostUri").GetString());
        Assert.StartsWith(status + "/rewind", payload.GetProperty("rewindPostUri").GetString(), StringComparison.Ordinal);
        Assert.Equal(status, payload.GetProperty("purgeHistoryDeleteUri").GetString());
        Assert.False(payload.TryGetProperty("sendEventPostUri", out _));

        OrchestrationMetadata done = await h.WaitForRunAsync();
        using HttpResponseMessage get = await h.Http.GetAsync(new Uri(status));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        string raw = await get.Content.ReadAsStringAsync();
        Assert.DoesNotContain(SimulatorPresets.Fast().ClientSecret, raw, StringComparison.Ordinal);
        JsonElement run = JsonDocument.Parse(raw).RootElement;
        Assert.Equal("ExportRunOrchestrator", run.GetProperty("name").GetString());
        Assert.Equal("export-run", run.GetProperty("instanceId").GetString());
        Assert.Equal("Completed", run.GetProperty("runtimeStatus").GetString());
        JsonElement input = run.GetProperty("input");
        Assert.Single(input.GetProperty("objects").EnumerateArray());
        Assert.Equal(new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc), input.GetProperty("since").GetDateTime().ToUniversalTime());
        Assert.Equal(new DateTime(2026, 7, 31, 23, 59, 59, DateTimeKind.Utc), input.GetProperty("until").GetDateTime().ToUniversalTime());
        Assert.Equal(JsonValueKind.Object, run.GetProperty("output").ValueKind);
        Assert.Equal(JsonValueKind.Object, run.GetProperty("customStatus").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("failureDetails").ValueKind);
        Assert.True(run.GetProperty("createdTime").GetDateTimeOffset() <= run.GetProperty("lastUpdatedTime").GetDateTimeOffset());
        JsonElement leads = Assert.Single(run.GetProperty("objects").EnumerateArray());
        Assert.Equal("leads", leads.GetProperty("object").GetString());
        Assert.Equal("Completed", leads.GetProperty("outcome").GetString());
        Assert.Equal("Completed", leads.GetProperty("runtimeStatus").GetString());
        Assert.Equal(2, leads.GetProperty("windowCount").GetInt32());
        Assert.Equal(h.Landed.Manifest().Sum(m => m.Records), leads.GetProperty("records").GetInt64());
        Assert.Equal(h.Landed.Manifest().Sum(m => m.Bytes), leads.GetProperty("bytes").GetInt64());
        Assert.True(leads.GetProperty("records").GetInt64() > 0);
    }

    [Fact]
    public async Task PostExports_WhileARunIsInProgress_Returns409WithTheRunningInstanceUrl()
    {
        await using ServerHarness h = await ServerHarness.StartAsync();
        using SimulatorGate gate = h.Control.Hold("/file.json");
        using HttpResponseMessage first = await h.Http.PostAsync(new Uri("/api/exports", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await gate.WaitForHeldAsync(1, ServerHarness.Bound());

        using HttpResponseMessage second = await h.Http.PostAsync(new Uri("/api/exports", UriKind.Relative), null);
        using HttpResponseMessage status = await h.Http.GetAsync(first.Headers.Location);
        using HttpResponseMessage restart = await h.Http.PostAsync(new Uri("/api/exports/export-run/restart", UriKind.Relative), null);
        using HttpResponseMessage purge = await h.Http.DeleteAsync(new Uri("/api/exports/export-run", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        JsonElement problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(first.Headers.Location!.ToString(), problem.GetProperty("statusQueryGetUri").GetString());
        Assert.Contains("singletons", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, status.StatusCode);
        JsonElement running = await status.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Running", running.GetProperty("runtimeStatus").GetString());
        Assert.Equal("Downloading", running.GetProperty("objects")[0].GetProperty("phase").GetString());
        Assert.Equal(HttpStatusCode.Conflict, restart.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, purge.StatusCode);

        gate.Release();
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.WaitForRunAsync()).RuntimeStatus);
        Assert.Equal(2, h.Control.GetJobs().Count);
    }

    [Fact]
    public async Task PostTerminate_RunningRun_EndsTerminatedAndASecondTerminateIs409()
    {
        await using ServerHarness h = await ServerHarness.StartAsync();
        using SimulatorGate gate = h.Control.Hold("/file.json");
        using HttpResponseMessage start = await h.Http.PostAsync(new Uri("/api/exports", UriKind.Relative), null);
        await gate.WaitForHeldAsync(1, ServerHarness.Bound());

        using HttpResponseMessage terminate = await h.Http.PostAsync(new Uri("/api/exports/export-run/terminate?reason=test", UriKind.Relative), null);
        OrchestrationMetadata done = await h.WaitForRunAsync();
        using HttpResponseMessage again = await h.Http.PostAsync(new Uri("/api/exports/export-run/terminate", UriKind.Relative), null);
        gate.Release();

        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Terminated", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagementEndpoints_AfterACompletedRun_ListFilterRewind409PurgeThen404()
    {
        await using ServerHarness h = await ServerHarness.StartAsync();
        using HttpResponseMessage start = await h.Http.PostAsync(
            new Uri("/api/exports", UriKind.Relative), JsonContent("""{"objects":["leads"],"since":"2026-06-01T00:00:00Z"}"""));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        await h.WaitForRunAsync();

        JsonElement completed = await h.GetJsonAsync("/api/exports?status=Completed");
        JsonElement active = await h.GetJsonAsync("/api/exports?status=Running,Failed");
        JsonElement future = await h.GetJsonAsync("/api/exports?createdFrom=2999-01-01T00:00:00Z");
        JsonElement past = await h.GetJsonAsync("/api/exports?createdFrom=2000-01-01T00:00:00Z&createdTo=2999-01-01T00:00:00Z");
        using HttpResponseMessage badStatus = await h.Http.GetAsync(new Uri("/api/exports?status=Bogus", UriKind.Relative));
        using HttpResponseMessage badTime = await h.Http.GetAsync(new Uri("/api/exports?createdFrom=yesterday", UriKind.Relative));
        using HttpResponseMessage rewind = await h.Http.PostAsync(new Uri("/api/exports/export-run/rewind", UriKind.Relative), null);
        using HttpResponseMessage child = await h.Http.GetAsync(new Uri("/api/exports/export-run:leads", UriKind.Relative));
        using HttpResponseMessage childRestart = await h.Http.PostAsync(new Uri("/api/exports/export-run:leads/restart", UriKind.Relative), null);
        using HttpResponseMessage purge = await h.Http.DeleteAsync(new Uri("/api/exports/export-run", UriKind.Relative));
        using HttpResponseMessage gone = await h.Http.GetAsync(new Uri("/api/exports/export-run", UriKind.Relative));

        Assert.Equal("export-run", Assert.Single(completed.EnumerateArray()).GetProperty("instanceId").GetString());
        Assert.Empty(active.EnumerateArray());
        Assert.Empty(future.EnumerateArray());
        Assert.Single(past.EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Contains("Running", await badStatus.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
        Assert.Contains("ISO-8601", await badTime.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, rewind.StatusCode);
        Assert.Contains("restart", await rewind.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, child.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, childRestart.StatusCode);
        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal(2, (await purge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("export-run", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostExports_BadBodies_Return400NamingTheCause()
    {
        await using ServerHarness h = await ServerHarness.StartAsync();

        using HttpResponseMessage notJson = await h.Http.PostAsync(new Uri("/api/exports", UriKind.Relative), JsonContent("{objects:"));
        using HttpResponseMessage unknown = await h.Http.PostAsync(new Uri("/api/exports", UriKind.Relative), JsonContent("""{"objects":["opportunities"]}"""));
        using HttpResponseMessage backwards = await h.Http.PostAsync(
            new Uri("/api/exports", UriKind.Relative), JsonContent("""{"since":"2026-06-01T00:00:00Z","until":"2026-05-01T00:00:00Z"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("not valid JSON", await notJson.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("'opportunities' is not configured", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("is before 'since'", await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await h.Client.GetInstanceAsync("export-run"));
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");
}
