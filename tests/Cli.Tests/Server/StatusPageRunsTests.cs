using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using MarketoExport.Cli.Runs;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Cli.Server;
using MarketoExport.Management.Runs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MarketoExport.Cli.Tests.Server;

/// <summary>The status page's runs: "updated" moves with the objects, a terminated run's objects are not Running, previous runs come from the run log, each failure is shown once.</summary>
public sealed partial class StatusPageRunsTests
{
    [Fact]
    public async Task StatusPage_WhileARunProgresses_UpdatedIsTheNewestChangeOfTheRunOrItsObjects()
    {
        await using ServerHarness h = await ServerHarness.StartAsync();
        using SimulatorGate gate = h.Control.Hold("/file.json");
        using HttpResponseMessage start = await h.Http.PostAsync(new Uri("/api/exports", UriKind.Relative), null);
        await gate.WaitForHeldAsync(1, ServerHarness.Bound());

        string html = await (await h.Http.GetAsync(new Uri("/", UriKind.Relative))).Content.ReadAsStringAsync();
        OrchestrationMetadata run = (await h.Client.GetInstanceAsync("export-run"))!;
        OrchestrationMetadata child = (await h.Client.GetInstanceAsync("export-run:leads"))!;
        gate.Release();
        await h.WaitForRunAsync();

        Assert.True(child.LastUpdatedAt > run.LastUpdatedAt, "the object moved after the run's own last change");
        Assert.Equal(Iso(child.LastUpdatedAt), Updated().Match(html).Groups[1].Value);
    }

    [Fact]
    public async Task StatusPage_AfterTerminate_ObjectsAreTerminatedNotRunning()
    {
        await using ServerHarness h = await ServerHarness.StartAsync();
        using SimulatorGate gate = h.Control.Hold("/file.json");
        using HttpResponseMessage start = await h.Http.PostAsync(new Uri("/api/exports", UriKind.Relative), null);
        await gate.WaitForHeldAsync(1, ServerHarness.Bound());
        using HttpResponseMessage terminate = await h.Http.PostAsync(new Uri("/api/exports/export-run/terminate", UriKind.Relative), null);
        await h.WaitForRunAsync();
        gate.Release();

        string html = await (await h.Http.GetAsync(new Uri("/", UriKind.Relative))).Content.ReadAsStringAsync();

        Assert.Contains("<td>leads</td><td class=\"s-Terminated\">Terminated</td><td>-</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"s-Running\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusPage_AfterTwoRuns_RecentRunsShowsBothTheOlderFromTheRunLog()
    {
        await using ServerHarness h = await ServerHarness.StartAsync();
        using (HttpResponseMessage first = await h.Http.PostAsync(new Uri("/api/exports", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        OrchestrationMetadata firstRun = await h.WaitForRunAsync();
        await Observer(h).WaitForLoggedAsync(firstRun.CreatedAt, ServerHarness.Bound());
        using (HttpResponseMessage second = await h.Http.PostAsync(new Uri("/api/exports", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        }

        OrchestrationMetadata secondRun = await h.WaitForRunAsync();
        await Observer(h).WaitForLoggedAsync(secondRun.CreatedAt, ServerHarness.Bound());

        string html = await (await h.Http.GetAsync(new Uri("/", UriKind.Relative))).Content.ReadAsStringAsync();

        Assert.NotEqual(firstRun.CreatedAt, secondRun.CreatedAt);
        Assert.Equal(2, Regex.Count(html, "<div class=\"card run"));
        Assert.Contains($"created {Iso(firstRun.CreatedAt)}, finished", html, StringComparison.Ordinal);
        Assert.Contains($"created {Iso(secondRun.CreatedAt)}, updated", html, StringComparison.Ordinal);
        Assert.Equal(2, RunLog.Read(h.Runtime.Options.State, 10).Count);
    }

    [Fact]
    public async Task StatusPage_FailedRun_ShowsEachFailureOnce()
    {
        await using ServerHarness h = await ServerHarness.StartAsync();
        h.Control.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.WrongChecksum, Count = null });
        using HttpResponseMessage start = await h.Http.PostAsync(new Uri("/api/exports", UriKind.Relative), null);
        OrchestrationMetadata failed = await h.WaitForRunAsync();

        string html = await (await h.Http.GetAsync(new Uri("/", UriKind.Relative))).Content.ReadAsStringAsync();

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.DoesNotContain("leads: leads:", failed.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(html, "failed verification"));
    }

    private static RunTelemetryObserver Observer(ServerHarness h)
        => h.Server.Services.GetServices<IExportRunObserver>().OfType<RunTelemetryObserver>().Single();

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex("updated <span class=\"updated\">([^<]+)</span>")]
    private static partial Regex Updated();
}
