using MarketoExport.Activities;
using MarketoExport.Activities.Checkpoints;
using MarketoExport.Activities.Landing;
using MarketoExport.Marketo;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Orchestrations.Export;
using MarketoExport.Runtime.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketoExport.Host;

/// <summary>
/// Everything one command needs: the Marketo endpoint (a real instance, or the in-process simulator when none is
/// configured), the service container (Marketo client, activities, checkpoint store, landing sink) and, for
/// <c>run</c>, the embedded engine.
/// </summary>
public sealed class ExportRuntime : IAsyncDisposable
{
    /// <summary>The simulator's fixed data range, so every process's simulator serves identical data.</summary>
    public static readonly DateTimeOffset SimulatorDataStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly SimulatorHost? _simulator;
    private readonly ServiceProvider _services;
    private readonly ILoggerProvider? _fileLogger;

    private ExportRuntime(HostOptions options, SimulatorHost? simulator, ServiceProvider services, ILoggerProvider? fileLogger, string? logPath)
    {
        Options = options;
        _simulator = simulator;
        _services = services;
        _fileLogger = fileLogger;
        LogPath = logPath;
        Settings = BuildSettings(options);
        Since = options.Since ?? (simulator is null ? null : SimulatorDataStart.UtcDateTime);
    }

    /// <summary>The command's options.</summary>
    public HostOptions Options { get; }

    /// <summary>Run settings (Marketo-paced, or fast on the simulator).</summary>
    public ExportSettings Settings { get; }

    /// <summary>Effective first-run start.</summary>
    public DateTime? Since { get; }

    /// <summary>The services.</summary>
    public IServiceProvider Services => _services;

    /// <summary>The in-process simulator, when used.</summary>
    public SimulatorHost? Simulator => _simulator;

    /// <summary>Where logs go (null: nowhere, e.g. a dry run).</summary>
    public string? LogPath { get; }

    /// <summary>The checkpoint store (mirrored to a file on the simulator).</summary>
    public ICheckpointStore Store => _services.GetRequiredService<ICheckpointStore>();

    /// <summary>The landing sink.</summary>
    public ILandingSink Sink => _services.GetRequiredService<ILandingSink>();

    /// <summary>Starts the simulator if needed and builds the services.</summary>
    /// <param name="options">Validated options.</param>
    /// <param name="writeLogs">False for read-only commands (dry run): no log file is created.</param>
    /// <param name="simulatorOptions">Overrides for the simulator (tests); null for the demo defaults.</param>
    /// <param name="configureServices">Extra registrations (e.g. <c>serve</c>'s telemetry handler on the Marketo HTTP client).</param>
    public static async Task<ExportRuntime> OpenAsync(
        HostOptions options, bool writeLogs, SimulatorOptions? simulatorOptions = null, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        SimulatorHost? simulator = null;
        string baseUrl;
        string clientId;
        string secret;
        if (options.UseSimulator)
        {
            SimulatorOptions sim = simulatorOptions ?? DemoSimulatorOptions();
            simulator = await SimulatorHost.StartAsync(sim);
            baseUrl = simulator.BaseUrl.ToString();
            clientId = sim.ClientId;
            secret = sim.ClientSecret;
        }
        else
        {
            baseUrl = options.MarketoBaseUrl!;
            clientId = options.MarketoClientId!;
            secret = options.MarketoClientSecret!;
        }

        string stateDir = Path.GetDirectoryName(Path.GetFullPath(options.State))!;
        string? logPath = writeLogs ? Path.Combine(stateDir, "export.log") : null;
        FileLoggerProvider? fileLogger = logPath is null ? null : new FileLoggerProvider(logPath, echoWarnings: Console.IsErrorRedirected);

        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.ClearProviders();
            b.SetMinimumLevel(LogLevel.Information);
            if (fileLogger is not null)
            {
                b.AddProvider(fileLogger);
            }
        });
        services.AddSingleton(TimeProvider.System);
        services.AddMarketoClient(o =>
        {
            o.BaseUrl = baseUrl;
            o.ClientId = clientId;
            o.ClientSecret = secret;
            if (simulator is not null)
            {
                // The simulator runs a fast clock for its rate window too (see DemoSimulatorOptions).
                o.RateLimitCalls = 80;
                o.RateLimitWindow = TimeSpan.FromSeconds(1);
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
                o.RetryMaxDelay = TimeSpan.FromMilliseconds(500);
            }
        });
        if (simulator is not null)
        {
            string mirror = Path.Combine(stateDir, "simulator-checkpoints.json");
            services.AddTransient<ICheckpointStore>(sp => new MirroredCheckpointStore(ActivatorUtilities.CreateInstance<MarketoCheckpointStore>(sp), mirror));
        }

        services.AddExportActivities(options.Out, o =>
        {
            o.CheckpointObject = options.CheckpointObject;
            o.AlertWebhookUrl = options.AlertWebhookUrl;
        });
        configureServices?.Invoke(services);

        return new ExportRuntime(options, simulator, services.BuildServiceProvider(), fileLogger, logPath);
    }

    /// <summary>Starts the embedded engine on the state database with the export orchestrators and activities.</summary>
    /// <param name="engineOptions">Engine settings.</param>
    /// <param name="decorateActivity">Wraps each activity (name, activity), e.g. with tracing; null for none.</param>
    public Task<EmbeddedEngine> StartEngineAsync(EmbeddedEngineOptions engineOptions, Func<string, IActivity, IActivity>? decorateActivity = null)
    {
        ArgumentNullException.ThrowIfNull(engineOptions);
        var registry = new DurableTaskRegistry()
            .AddOrchestrator<ExportRunOrchestrator>(nameof(ExportRunOrchestrator))
            .AddOrchestrator<ObjectExportOrchestrator>(nameof(ObjectExportOrchestrator));
        foreach ((string name, Type type) in ExportActivities.All)
        {
            registry.AddActivity(name, sp => decorateActivity is null
                ? ExportActivities.Create(sp, type)
                : decorateActivity(name, ExportActivities.Create(sp, type)));
        }

        return EmbeddedEngine.StartAsync(engineOptions, registry, _services, TimeProvider.System,
            _services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance);
    }

    /// <summary>
    /// Objects with fields filled in: a custom object without configured fields exports every field its
    /// describe lists.
    /// </summary>
    public async Task<IReadOnlyList<ExportObject>> ResolveObjectsAsync(CancellationToken cancellationToken)
    {
        var result = new List<ExportObject>();
        foreach (ExportObject o in Options.Objects)
        {
            if (o.Kind == ExportObjectKind.CustomObject && o.Fields is null)
            {
                IMarketoClient marketo = _services.GetRequiredService<IMarketoClient>();
                CustomObjectMetadata meta = await marketo.DescribeCustomObjectAsync(o.CustomObjectName!, cancellationToken)
                    ?? throw new HostOptionException($"--objects: custom object '{o.CustomObjectName}' does not exist in Marketo; check its API name.");
                result.Add(o with { Fields = meta.Fields.Select(f => f.Name).ToList() });
            }
            else
            {
                result.Add(o);
            }
        }

        return result;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _fileLogger?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }

    /// <summary>
    /// The demo simulator: fixed seed and data range (identical data in every process), a fast job clock and a
    /// 1-second rate window so a full export takes seconds.
    /// </summary>
    public static SimulatorOptions DemoSimulatorOptions() => new()
    {
        Seed = 42,
        DataStart = SimulatorDataStart,
        DataEnd = new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero),
        JobTickSeconds = 0.05,
        RateLimitWindow = TimeSpan.FromSeconds(1),
    };

    private static ExportSettings BuildSettings(HostOptions options)
    {
        if (options.UseSimulator)
        {
            return new ExportSettings
            {
                PollFirstDelay = TimeSpan.FromSeconds(options.PollSeconds ?? 0.2),
                PollMaxDelay = TimeSpan.FromSeconds(1),
                PollTimeout = TimeSpan.FromMinutes(10),
                ApiRetryFirstInterval = TimeSpan.FromMilliseconds(500),
                ApiRetryMaxInterval = TimeSpan.FromSeconds(2),
                QueueFullDelay = TimeSpan.FromMilliseconds(500),
                QueueFullMaxDelay = TimeSpan.FromSeconds(1),
                QuotaBehavior = options.QuotaBehavior,
            };
        }

        return new ExportSettings
        {
            PollFirstDelay = TimeSpan.FromSeconds(options.PollSeconds ?? 60),
            QuotaBehavior = options.QuotaBehavior,
        };
    }
}
