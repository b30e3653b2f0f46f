using MarketoExport.Activities;
using MarketoExport.Activities.Checkpoints;
using MarketoExport.Activities.Landing;
using MarketoExport.Marketo;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Orchestrations.Export;
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

    private SimulatorFixture(SimulatorHost simulator, ServiceProvider services, string landing)
    {
        Simulator = simulator;
        _services = services;
        Landing = landing;
    }

    public SimulatorHost Simulator { get; }

    public SimulatorControl Control => Simulator.Control;

    public string Landing { get; }

    public IServiceProvider Services => _services;

    public IMarketoClient Marketo => _services.GetRequiredService<IMarketoClient>();

    public ILandingSink Sink => _services.GetRequiredService<ILandingSink>();

    public ICheckpointStore Store => _services.GetRequiredService<ICheckpointStore>();

    public static async Task<SimulatorFixture> StartAsync()
    {
        var options = new SimulatorOptions { JobTickSeconds = 3600, Leads = 300, Activities = 1500 };
        SimulatorHost simulator = await SimulatorHost.StartAsync(options);
        string landing = Path.Combine(Path.GetTempPath(), "mde-activities-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddMarketoClient(o =>
        {
            o.BaseUrl = simulator.BaseUrl.ToString();
            o.ClientId = options.ClientId;
            o.ClientSecret = options.ClientSecret;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(50);
        });
        services.AddExportActivities(landing);
        return new SimulatorFixture(simulator, services.BuildServiceProvider(), landing);
    }

    public T Activity<T>() where T : class => ActivatorUtilities.CreateInstance<T>(_services);

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

    public IReadOnlyList<string> LandedFiles() => Directory.Exists(Landing)
        ? Directory.EnumerateFiles(Landing, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Landing, f)).Order(StringComparer.Ordinal).ToList()
        : [];

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
