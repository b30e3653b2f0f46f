using MarketoExport.Activities.Landing;
using MarketoExport.Cli.Server.Telemetry;
using MarketoExport.Durable;
using MarketoExport.Management;
using MarketoExport.Management.Http;
using MarketoExport.Management.Http.Wire;
using MarketoExport.Management.Plan;
using MarketoExport.Management.Runs;
using MarketoExport.Marketo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MarketoExport.Cli.Server;

/// <summary>
/// The local server of <c>serve</c>: Kestrel on the configured URLs (loopback by default) in front of the embedded
/// engine that <c>run</c> uses (same <see cref="ExportRuntime"/>, state database and singleton run id), with the
/// HTTP API (<see cref="ExportsEndpoints"/>), the schedule (<see cref="ExportScheduler"/>), the status page
/// (<see cref="StatusPage"/>) and OpenTelemetry (<see cref="ExportTelemetry"/>).
/// </summary>
public sealed class ExportServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ExportEngine _engine;

    private ExportServer(WebApplication app, ExportEngine engine, IReadOnlyList<Uri> addresses)
    {
        _app = app;
        _engine = engine;
        Addresses = addresses;
    }

    /// <summary>The addresses Kestrel listens on (actual ports, also for port 0).</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The first listen address.</summary>
    public Uri BaseAddress => Addresses[0];

    /// <summary>Where the durable state lives (state file, or task hub and worker id), for messages.</summary>
    public string EngineDescription => _engine.Description;

    /// <summary>The orchestration client (the embedded engine).</summary>
    public DurableTaskClient Client => _engine.Client;

    /// <summary>The schedule.</summary>
    public ExportScheduler Scheduler => _app.Services.GetRequiredService<ExportScheduler>();

    /// <summary>The server's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Registrations <c>serve</c> adds to the runtime's container (pass to <see cref="ExportRuntime.OpenAsync"/>): the
    /// telemetry handler on the Marketo HTTP client.
    /// </summary>
    public static void ConfigureRuntimeServices(IServiceCollection services)
        => services.AddHttpClient(MarketoClient.HttpClientName).AddHttpMessageHandler(() => new MarketoCallTelemetryHandler());

    /// <summary>Starts the engine and the web server; returns once Kestrel listens.</summary>
    /// <param name="runtime">The runtime, opened with <see cref="ConfigureRuntimeServices"/>.</param>
    /// <param name="options">Validated server options.</param>
    /// <param name="scheduleClock">The clock of the schedule and the usage cache (tests pass a fake one); null for the system clock.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="DatabaseLockedException">Another process owns the state database.</exception>
    public static async Task<ExportServer> StartAsync(
        ExportRuntime runtime, ServerOptions options, TimeProvider? scheduleClock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(options);
        if (runtime.Store is MirroredCheckpointStore mirror)
        {
            await mirror.SeedAsync(cancellationToken);
        }

        if (runtime.Sink is LocalFolderSink local)
        {
            local.RemoveTemporaryFiles();
        }

        ExportEngine engine = await runtime.StartEngineAsync(
            (name, activity) => new TracedActivity(name, activity, LocalDurableWorker.DeliveryInfo), cancellationToken);
        try
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                ApplicationName = typeof(ExportServer).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.WebHost.UseUrls([.. options.Urls]);
            if (options.Certificate is { } certificate)
            {
                // The slim builder leaves HTTPS out unless asked; the certificate is the configured one, never a dev cert.
                builder.WebHost.UseKestrelHttpsConfiguration();
                builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
            }

            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(runtime.Services.GetRequiredService<ILoggerFactory>());
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(runtime);
            builder.Services.AddSingleton(engine);
            builder.Services.AddSingleton(engine.Client);
            builder.Services.AddSingleton(scheduleClock ?? TimeProvider.System);
            builder.Services.AddSingleton(runtime.Planner);
            builder.Services.AddSingleton(runtime.PlanDefaults);
            builder.Services.AddSingleton<IExportRunObserver, RunTelemetryObserver>();
            builder.Services.AddSingleton<ExportRunStarter>();
            builder.Services.AddSingleton<UsageSnapshotCache>();
            builder.Services.AddSingleton<ExportScheduler>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ExportScheduler>());
            builder.Services.AddProblemDetails();
            builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ManagementJsonContext.Default));
            TelemetryOptions telemetry = options.Telemetry with { Console = options.Telemetry.Console || options.OtelConsole };
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService(ExportTelemetryProviders.ServiceName))
                .WithTracing(t => ExportTelemetryProviders.Configure(t, telemetry))
                .WithMetrics(m => ExportTelemetryProviders.Configure(m, telemetry));

            WebApplication app = builder.Build();
            if (options.PathBase.Length > 0)
            {
                // Everything is served under the path base only: a request outside it is a wrong URL, not the status page.
                app.UsePathBase(options.PathBase);
                app.Use((context, next) => context.Request.PathBase.HasValue ? next(context) : Results.Problem(
                    title: "Not under the path base",
                    detail: $"This server is served under '{options.PathBase}' (--urls); use {options.PathBase}{context.Request.Path}.",
                    statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context));
                app.UseRouting();
            }

            app.UseExceptionHandler();
            app.UseStatusCodePages();
            app.UseMiddleware<ApiKeyMiddleware>();
            app.MapMethods("/healthz", [HttpMethods.Get, HttpMethods.Head], () => Results.Text("ok"));
            app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], StatusPage.RenderAsync);
            app.MapExportsApi();
            await app.StartAsync(cancellationToken);

            IServerAddressesFeature? feature = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
            List<Uri> addresses = (feature?.Addresses ?? []).Select(a => new Uri(a.TrimEnd('/') + options.PathBase + "/")).ToList();
            var server = new ExportServer(app, engine, addresses);

            // A run interrupted by the last shutdown resumes in the engine; follow it for telemetry.
            if (await ExportRunStarter.ActiveRunAsync(engine.Client, cancellationToken) is not null)
            {
                app.Services.GetRequiredService<ExportRunStarter>().Notify(engine.Client, ExportRuns.RunInstanceId, "resume");
            }

            return server;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the server stops (Ctrl+C via <paramref name="cancellationToken"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            await _engine.DisposeAsync();
        }
    }
}
