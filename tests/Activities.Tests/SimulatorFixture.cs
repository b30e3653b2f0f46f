using MarketoExport.Activities.Checkpoints;
using MarketoExport.Activities.Landing;
using MarketoExport.Marketo;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Orchestrations.Export;
using MarketoExport.TestHelpers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Activities.Tests;

/// <summary>
/// A simulator on loopback with a manual job clock (ticks only when the test says so), the real Marketo client,
/// and the activities' services over a temporary landing folder.
/// </summary>
internal sealed class SimulatorFixture : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private SimulatorFixture(SimulatorHost simulator, SimulatorOptions options, ServiceProvider services, string landing, FileRequestRecorder files)
    {
        Simulator = simulator;
        Options = options;
        _services = services;
        Landing = landing;
        Files = files;
    }

    public SimulatorHost Simulator { get; }

    public SimulatorControl Control => Simulator.Control;

    public SimulatorOptions Options { get; }

    /// <summary>The export file requests the fixture's Marketo client sent, as the wire saw them.</summary>
    public FileRequestRecorder Files { get; }

    public string Landing { get; }

    public IServiceProvider Services => _services;

    public IMarketoClient Marketo => _services.GetRequiredService<IMarketoClient>();

    public ILandingSink Sink => _services.GetRequiredService<ILandingSink>();

    public ICheckpointStore Store => _services.GetRequiredService<ICheckpointStore>();

    /// <param name="activities">Activity records in the simulator's six months (January holds about a sixth of them).</param>
    /// <param name="configureServices">More services (another sink) after the defaults.</param>
    public static async Task<SimulatorFixture> StartAsync(long activities = 1500, Action<IServiceCollection>? configureServices = null)
    {
        var options = new SimulatorOptions { JobTickSeconds = 3600, Leads = 300, Activities = activities };
        SimulatorHost simulator = await SimulatorHost.StartAsync(options);
        string landing = Path.Combine(Path.GetTempPath(), "mde-activities-" + Guid.NewGuid().ToString("N"));
        var files = new FileRequestRecorder();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddMarketoClient(o =>
        {
            o.BaseUrl = simulator.BaseUrl.ToString();
            o.ClientId = options.ClientId;
            o.ClientSecret = options.ClientSecret;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(50);
        }).AddHttpMessageHandler(files.CreateHandler);
        services.AddExportActivities(landing);
        configureServices?.Invoke(services);
        return new SimulatorFixture(simulator, options, services.BuildServiceProvider(), landing, files);
    }

    /// <summary>An activity from the fixture's services; <paramref name="args"/> replace services by type (e.g. a FakeTimeProvider).</summary>
    public T Activity<T>(params object[] args) where T : class => ActivatorUtilities.CreateInstance<T>(_services, args);

    /// <summary>Creates, enqueues and ticks a job for the window until it is Completed.</summary>
    public async Task<ExportJobState> CompletedJobAsync(ExportObject exportObject, ExportWindow window)
    {
        ExportJobState job = await Activity<CreateExportJobActivity>().RunAsync(
            new CreateExportJobRequest(exportObject, window, exportObject.Kind == ExportObjectKind.Activities ? DateFilterField.CreatedAt : DateFilterField.UpdatedAt), deliveryAttempt: 1, default);
        await Activity<EnqueueExportJobActivity>().RunAsync(new ExportJobRef(exportObject, job.ExportId), default);
        for (int i = 0; i < 20; i++)
        {
            Control.Tick();
            job = await Activity<GetExportJobStatusActivity>().RunAsync(new ExportJobRef(exportObject, job.ExportId), default);
            if (job.IsTerminal)
            {
                return job;
            }
        }

        throw new InvalidOperationException($"job {job.ExportId} did not finish after 20 ticks: {job.Phase}");
    }

    /// <summary>What the activities landed in the folder sink.</summary>
    public LandingFolder Landed => new(Landing);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Simulator.DisposeAsync();
        if (Directory.Exists(Landing))
        {
            Directory.Delete(Landing, recursive: true);
        }
    }
}
