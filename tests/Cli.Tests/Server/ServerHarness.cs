using System.Net.Http.Json;
using System.Text.Json;
using MarketoExport.Cli.Server;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;
using Microsoft.DurableTask.Client;

namespace MarketoExport.Cli.Tests.Server;

/// <summary>
/// A real <c>serve</c> on Kestrel at 127.0.0.1:0 over the embedded engine and the in-process simulator, in a temporary
/// folder, with an <see cref="HttpClient"/> pointed at it. Runs export leads over two 31-day windows (June–July 2026).
/// </summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    private readonly CliHarness _folder;

    private ServerHarness(CliHarness folder, ExportRuntime runtime, ExportServer server)
    {
        _folder = folder;
        Runtime = runtime;
        Server = server;
        Http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public ExportRuntime Runtime { get; }

    public ExportServer Server { get; }

    public HttpClient Http { get; }

    public SimulatorControl Control => Runtime.Simulator!.Control;

    public DurableTaskClient Client => Server.Client;

    public string Landing => _folder.Landing;

    public string Root => _folder.Root;

    /// <summary>A bound on every wait of a test: generous, never reached when things work.</summary>
    public static CancellationToken Bound() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    public static async Task<ServerHarness> StartAsync(ServerOptions? options = null, TimeProvider? clock = null, params string[] extraArgs)
    {
        var folder = new CliHarness();
        string[] args =
        [
            "serve", "--out", folder.Landing, "--state", folder.State, "--poll-seconds", "0.05",
            "--objects", "leads", "--since", "2026-06-01T00:00:00Z", "--until", "2026-07-31T23:59:59Z", .. extraArgs,
        ];
        (CliOptions hostOptions, _) = CliConfiguration.Parse(args);
        ExportRuntime runtime = await ExportRuntime.OpenAsync(hostOptions, writeLogs: true, SimulatorPresets.Fast(), ExportServer.ConfigureRuntimeServices);
        try
        {
            ExportServer server = await ExportServer.StartAsync(
                runtime, options ?? new ServerOptions { Urls = ["http://127.0.0.1:0"], Schedule = null, ScheduleText = "off" }, clock);
            return new ServerHarness(folder, runtime, server);
        }
        catch
        {
            await runtime.DisposeAsync();
            folder.Dispose();
            throw;
        }
    }

    public async Task<JsonElement> GetJsonAsync(string uri)
    {
        using HttpResponseMessage response = await Http.GetAsync(new Uri(uri, UriKind.RelativeOrAbsolute));
        Assert.True(response.IsSuccessStatusCode, $"GET {uri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<OrchestrationMetadata> WaitForRunAsync(string id = RunCommand.RunInstanceId)
        => await Client.WaitForInstanceCompletionAsync(id, cancellation: Bound());

    /// <summary>What the runs landed: files, manifest, record ids.</summary>
    public LandingFolder Landed => _folder.Landed;

    /// <summary>Every landed record id (first CSV column) across the manifest's files.</summary>
    public List<string> LandedIds() => Landed.Manifest().SelectMany(m => Landed.FirstColumn(m.File)).ToList();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        await Runtime.DisposeAsync();
        _folder.Dispose();
    }
}
