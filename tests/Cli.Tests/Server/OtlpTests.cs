using System.Net;
using System.Net.Sockets;
using System.Text;
using MarketoExport.Cli.Server;
using MarketoExport.TestHelpers;
using Microsoft.Extensions.Configuration;

namespace MarketoExport.Cli.Tests.Server;

/// <summary>Traces and metrics reach an OTLP collector (a tiny OTLP/HTTP receiver on loopback) from `run` and from `serve`, without secrets.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class OtlpTests
{
    [Fact]
    public async Task Run_WithAnOtlpEndpoint_SendsTheRunsSpansAndMetricsAsProtobuf()
    {
        await using var collector = OtlpReceiver.Start();
        using var host = new CliHarness();
        string config = Path.Combine(host.Root, "telemetry.json");
        await File.WriteAllTextAsync(config, $$"""
            { "Telemetry": { "Otlp": { "Endpoint": "{{collector.Endpoint}}", "Protocol": "http/protobuf", "Headers": "x-collector-key=abc123" } } }
            """);

        (int exit, string output) = await host.RunAsync(null, null,
            "run", "--config", config, "--objects", "leads", "--since", "2026-06-01T00:00:00Z", "--until", "2026-06-30T23:59:59Z");

        Assert.True(exit == ExitCodes.Success, output);
        IReadOnlyList<OtlpRequest> traces = collector.Requests("/v1/traces");
        Assert.NotEmpty(traces);
        Assert.All(traces, r => Assert.Equal("application/x-protobuf", r.ContentType));
        Assert.All(traces, r => Assert.Equal("abc123", r.Headers["x-collector-key"]));
        byte[] spans = traces.SelectMany(r => r.Body).ToArray();
        Assert.True(Contains(spans, "export.run"), "no export.run span");
        Assert.True(Contains(spans, "marketo.call"), "no marketo.call span");
        Assert.True(Contains(spans, "DownloadExportFileActivity"), "no export.activity span of the download");
        Assert.False(Contains(spans, SimulatorPresets.Fast().ClientSecret), "the client secret is in a span");
        byte[] metrics = collector.Requests("/v1/metrics").SelectMany(r => r.Body).ToArray();
        Assert.True(Contains(metrics, "marketo.calls"), "no marketo.calls metric");
        Assert.True(Contains(metrics, "export.runs"), "no export.runs metric");
    }

    [Fact]
    public async Task Serve_WithAnOtlpEndpoint_SendsTheRunSpanOfAnHttpStart()
    {
        await using var collector = OtlpReceiver.Start();
        ServerOptions options = ServerOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Server:Urls"] = "http://127.0.0.1:0",
            ["Export:Schedule"] = "off",
            ["Telemetry:Otlp:Endpoint"] = collector.Endpoint.ToString(),
            ["Telemetry:Otlp:Protocol"] = "http/protobuf",
        }).Build());
        await using (ServerHarness h = await ServerHarness.StartAsync(options))
        {
            using HttpResponseMessage start = await h.Http.PostAsync(new Uri("/api/exports", UriKind.Relative), null);
            await h.WaitForRunAsync();
        }

        byte[] spans = collector.Requests("/v1/traces").SelectMany(r => r.Body).ToArray();
        Assert.True(Contains(spans, "export.run"), "no export.run span");
        Assert.True(Contains(spans, "http"), "no trigger tag");
        Assert.True(Contains(spans, "marketo.call"), "no marketo.call span");
        Assert.True(Contains(spans, "/bulk/v1/leads/export/create.json"), "no marketo.call span of the create");
        Assert.False(Contains(spans, "client_secret"), "a query string was recorded");
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    private sealed record OtlpRequest(string Path, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    /// <summary>Records every OTLP/HTTP export request and answers 200.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly HttpListener _listener;
        private readonly List<OtlpRequest> _requests = [];
        private readonly Task _loop;

        private OtlpReceiver(HttpListener listener, Uri endpoint)
        {
            _listener = listener;
            Endpoint = endpoint;
            _loop = Task.Run(LoopAsync);
        }

        public Uri Endpoint { get; }

        public static OtlpReceiver Start()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            return new OtlpReceiver(listener, new Uri($"http://127.0.0.1:{port}"));
        }

        public List<OtlpRequest> Requests(string path)
        {
            lock (_requests)
            {
                return _requests.Where(r => r.Path == path).ToList();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
            }

            _listener.Close();
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
                lock (_requests)
                {
                    _requests.Add(new OtlpRequest(context.Request.Url!.AbsolutePath, context.Request.ContentType, headers, body.ToArray()));
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
