using MarketoExport.Activities;
using MarketoExport.Activities.Checkpoints;
using MarketoExport.Activities.Landing;
using MarketoExport.Cli.Progress;
using MarketoExport.Durable;
using MarketoExport.Management.Plan;
using MarketoExport.Management.Runs;
using MarketoExport.Marketo;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Cli;

/// <summary>
/// Everything one command needs: the Marketo endpoint (a real instance, or the in-process simulator when none is
/// configured), the service container (Marketo client, activities, checkpoint store, landing sink, the run planner)
/// and, for <c>run</c> and <c>serve</c>, the Durable Task engine on the state file.
/// </summary>
public sealed class ExportRuntime : IAsyncDisposable
{
    /// <summary>The simulator's fixed data range, so every process's simulator serves identical data.</summary>
    public static readonly DateTimeOffset SimulatorDataStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly SimulatorHost? _simulator;
    private readonly ServiceProvider _services;
    private readonly ILoggerProvider? _fileLogger;

    private ExportRuntime(CliOptions options, SimulatorHost? simulator, ServiceProvider services, ILoggerProvider? fileLogger, string? logPath)
    {
        Options = options;
        _simulator = simulator;
        _services = services;
        _fileLogger = fileLogger;
        LogPath = logPath;
        PlanDefaults = DefaultsFor(options);
        Settings = PlanDefaults.Settings;
        Since = PlanDefaults.Since;
    }

    /// <summary>The command's options.</summary>
    public CliOptions Options { get; }

    /// <summary>Run settings (Marketo-paced, or fast on the simulator).</summary>
    public ExportSettings Settings { get; }

    /// <summary>Effective first-run start.</summary>
    public DateTime? Since { get; }

    /// <summary>What this host exports: the configured objects, the run settings and bounds (the planner's input).</summary>
    public ExportPlanDefaults PlanDefaults { get; }

    /// <summary>The one run planner (fields, program ids, custom-object describe, bounds).</summary>
    public ExportRunPlanner Planner => _services.GetRequiredService<ExportRunPlanner>();

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

    /// <summary>
    /// What a host with <paramref name="options"/> exports: the configured plan with the run settings (Marketo-paced, or
    /// fast on the simulator) and, on the simulator, its data start as the default since. Known before anything
    /// starts, so a plan can be refused first.
    /// </summary>
    public static ExportPlanDefaults DefaultsFor(CliOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Plan with
        {
            Settings = BuildSettings(options),
            Since = options.Since ?? (options.UseSimulator ? SimulatorDataStart.UtcDateTime : null),
        };
    }

    /// <summary>Starts the simulator if needed and builds the services.</summary>
    /// <param name="options">Validated options.</param>
    /// <param name="writeLogs">False for read-only commands (dry run): no log file is created.</param>
    /// <param name="simulatorOptions">Overrides for the simulator (tests); null for the demo defaults.</param>
    /// <param name="configureServices">Extra registrations (e.g. <c>serve</c>'s telemetry handler on the Marketo HTTP client).</param>
    /// <param name="echoLog">Receives every log line too (<c>--verbose</c>); null for none.</param>
    public static async Task<ExportRuntime> OpenAsync(
        CliOptions options, bool writeLogs, SimulatorOptions? simulatorOptions = null, Action<IServiceCollection>? configureServices = null, Action<string>? echoLog = null)
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
        FileLoggerProvider? fileLogger = logPath is null && echoLog is null ? null : new FileLoggerProvider(logPath, echoWarnings: Console.IsErrorRedirected, echoLog);

        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.ClearProviders();
            b.SetMinimumLevel(LogLevel.Information);

            // The engines log every dispatch, message and step at Information: DurableTask.AzureStorage every queue
            // message (host.json keeps it at Warning too), DurableTask.Core and the SDK's shim each orchestration
            // replay and activity (about 1,100 lines for the README's first run). export.log keeps their warnings and
            // errors; the export's own lines (LocalDurableWorker's "Running activity … delivery N" among them) stay.
            b.AddFilter("DurableTask.AzureStorage", LogLevel.Warning);
            b.AddFilter("DurableTask.Core", LogLevel.Warning);
            b.AddFilter("Microsoft.DurableTask", LogLevel.Warning);
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

        // The download activity reports its progress to the progress view (bytes, ETA of a long file).
        services.AddSingleton<DownloadProgressBoard>();
        services.AddSingleton<IDownloadProgress>(sp => sp.GetRequiredService<DownloadProgressBoard>());
        services.AddExportActivities(options.Out, o =>
        {
            o.CheckpointObject = options.CheckpointObject;
            o.AlertWebhookUrl = options.AlertWebhookUrl;
        });

        // The local worker tells activities their delivery attempt and cancels them when it stops.
        services.AddSingleton<IActivityEnvironment>(new LocalActivityEnvironment(LocalDurableWorker.DeliveryInfo));
        services.AddSingleton<ExportRunPlanner>();
        configureServices?.Invoke(services);

        return new ExportRuntime(options, simulator, services.BuildServiceProvider(), fileLogger, logPath);
    }

    /// <summary>Starts the Durable Task engine on the configured backend (the state file by default) with the export orchestrators and activities.</summary>
    /// <param name="decorateActivity">Wraps each activity (name, activity), e.g. with tracing; null for none.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public Task<ExportEngine> StartEngineAsync(Func<string, ITaskActivity, ITaskActivity>? decorateActivity = null, CancellationToken cancellationToken = default)
        => ExportEngine.StartAsync(Options.State, Options.Durable, _services, decorateActivity, cancellationToken);

    /// <summary>Plans a run of this host's configuration with the caller's overrides.</summary>
    /// <exception cref="ExportPlanException">The plan is refused; the message names the option.</exception>
    public ExportPlan Plan(ExportPlanRequest? request) => Planner.Plan(PlanDefaults, request, PlanFieldNames.Cli);

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

    private static ExportSettings BuildSettings(CliOptions options)
    {
        if (options.UseSimulator)
        {
            // The demo simulator runs a fast job clock: poll and retry in fractions of a second.
            return options.Plan.Settings with
            {
                PollFirstDelay = TimeSpan.FromSeconds(options.PollSeconds ?? 0.2),
                PollMaxDelay = TimeSpan.FromSeconds(1),
                PollTimeout = TimeSpan.FromMinutes(10),
                ApiRetryFirstInterval = TimeSpan.FromMilliseconds(500),
                ApiRetryMaxInterval = TimeSpan.FromSeconds(2),
                QueueFullDelay = TimeSpan.FromMilliseconds(500),
                QueueFullMaxDelay = TimeSpan.FromSeconds(1),
            };
        }

        // Marketo-paced: the shared reader's settings (Export:Settings:*, --poll-seconds, --quota), as on Azure.
        return options.Plan.Settings;
    }
}
