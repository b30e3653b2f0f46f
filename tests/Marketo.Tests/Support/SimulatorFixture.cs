using MarketoExport.Marketo.Auth;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Marketo.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MarketoExport.Marketo.Tests.Support;

/// <summary>
/// A real simulator on a loopback port plus a client wired to it over real sockets. Both share one fake clock,
/// so jobs advance only through <see cref="SimulatorControl.Tick"/> and token expiry through <see cref="FakeTimeProvider.Advance"/>.
/// </summary>
internal sealed class SimulatorFixture : IAsyncDisposable
{
    private SimulatorFixture(SimulatorHost simulator, MarketoTestHost client, FakeTimeProvider clock)
    {
        Simulator = simulator;
        Host = client;
        Clock = clock;
    }

    public SimulatorHost Simulator { get; }

    public SimulatorControl Control => Simulator.Control;

    public MarketoTestHost Host { get; }

    public IMarketoClient Client => Host.Client;

    public FakeTimeProvider Clock { get; }

    public MarketoTokenProvider Tokens => Host.Services.GetRequiredService<MarketoTokenProvider>();

    public static async Task<SimulatorFixture> StartAsync(Action<SimulatorOptions>? configureSimulator = null, Action<MarketoClientOptions>? configureClient = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 8, 3, 15, 0, 0, TimeSpan.Zero));
        var options = new SimulatorOptions
        {
            ClientId = "contract-client",
            ClientSecret = MarketoTestHost.Secret,
            TimeProvider = clock,
            Leads = 200,
            Activities = 600,
            ProgramMembers = 150,
            CustomObjectRecords = 120,
            JobTickSeconds = 3600,
            Urls = "http://127.0.0.1:0",
        };
        configureSimulator?.Invoke(options);
        var simulator = await SimulatorHost.StartAsync(options);
        var host = new MarketoTestHost(
            handler: null,
            configure: o =>
            {
                o.ClientId = "contract-client";
                o.RateLimitCalls = 100;
                configureClient?.Invoke(o);
            },
            time: clock,
            baseUrl: simulator.BaseUrl.ToString());
        return new SimulatorFixture(simulator, host, clock);
    }

    /// <summary>Ticks the simulator until the job is terminal; each tick is one status refresh.</summary>
    public async Task<ExportJob> RunToEndAsync(ExportEntity entity, string exportId, int maxTicks = 20)
    {
        for (var i = 0; i < maxTicks; i++)
        {
            var job = await Client.GetExportJobStatusAsync(entity, exportId);
            if (job.IsTerminal)
            {
                return job;
            }

            Control.Tick();
        }

        throw new InvalidOperationException($"Job {exportId} did not finish within {maxTicks} ticks.");
    }

    public async Task<byte[]> DownloadAsync(ExportEntity entity, string exportId, long offset = 0)
    {
        await using var file = await Client.OpenExportFileAsync(entity, exportId, offset);
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy);
        return copy.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Simulator.DisposeAsync();
    }
}
