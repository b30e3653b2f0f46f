using System.Collections.Concurrent;
using System.Diagnostics;
using MarketoExport.Cli.Server.Telemetry;
using MarketoExport.TestHelpers;

namespace MarketoExport.Cli.Tests.Server;

/// <summary>
/// Runs alone: an <see cref="ActivityListener"/> sees the spans of every test in the process, and other server tests
/// start (and terminate) runs with the same instance id and trigger at the same time.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task Run_OverHttp_EmitsRunActivityAndMarketoCallSpansWithoutSecrets()
    {
        var spans = new ConcurrentQueue<Activity>();
        var runSpan = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ExportTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                spans.Enqueue(a);
                if (a.DisplayName == "export.run" && (string?)a.GetTagItem("export.trigger") == "http")
                {
                    runSpan.TrySetResult(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using ServerHarness h = await ServerHarness.StartAsync();
        using HttpResponseMessage start = await h.Http.PostAsync(new Uri("/api/exports", UriKind.Relative), null);
        await h.WaitForRunAsync();
        Activity run = await runSpan.Task.WaitAsync(ServerHarness.Bound());

        Assert.Equal("Completed", run.GetTagItem("export.status"));
        Assert.Equal("export-run", run.GetTagItem("export.instance_id"));
        Assert.Contains(spans, s => s.DisplayName == "export.activity" && (string?)s.GetTagItem("export.activity") == "DownloadExportFileActivity");
        Assert.Contains(spans, s => s.DisplayName == "marketo.call" && ((string?)s.GetTagItem("url.path"))!.EndsWith("/file.json", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.DisplayName == "marketo.call" && (string?)s.GetTagItem("url.path") == "/identity/oauth/token");
        string secret = SimulatorPresets.Fast().ClientSecret;
        Assert.DoesNotContain(spans.SelectMany(s => s.TagObjects), t => t.Value?.ToString()?.Contains(secret, StringComparison.Ordinal) == true);
    }
}
