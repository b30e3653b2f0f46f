using MarketoExport.Marketo.Simulator.Endpoints;
using MarketoExport.Marketo.Simulator.Engine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MarketoExport.Marketo.Simulator;

/// <summary>A running simulator: real Kestrel on loopback, plus in-process control.</summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimulatorState _state;
    private int _disposed;

    private SimulatorHost(WebApplication app, SimulatorState state, SimulatorControl control, Uri baseUrl)
    {
        _app = app;
        _state = state;
        BaseUrl = baseUrl;
        Control = control;
    }

    /// <summary>Instance root, e.g. <c>http://127.0.0.1:54321</c> (no trailing <c>/rest</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>In-process control (faults, job log, counters, quotas, tokens, custom objects).</summary>
    public SimulatorControl Control { get; }

    /// <summary>Starts a simulator with <paramref name="options"/> and returns once it listens.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var state = new SimulatorState(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SimulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(options.Urls ?? "http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k =>
        {
            // The simulator enforces Marketo's own limits (8 KB URI → 414, 1 MB body → 413); Kestrel must not pre-empt them.
            k.Limits.MaxRequestLineSize = 64 * 1024;
            k.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            k.AddServerHeader = false;
        });
        builder.Logging.ClearProviders();
        if (options.VerboseLogging)
        {
            builder.Logging.AddSimpleConsole();
        }

        var app = builder.Build();
        app.Use(ApiPipeline.PreRoutingAsync);
        app.UseRouting();
        app.Use((context, next) => ApiPipeline.GateAsync(context, next, state));
        var control = new SimulatorControl(state);
        IdentityEndpoints.Map(app, state);
        BulkExportEndpoints.Map(app, state);
        CustomObjectEndpoints.Map(app, state);
        StatsEndpoints.Map(app, state);
        DescribeEndpoints.Map(app, state);
        ControlEndpoints.Map(app, control);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            state.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        state.Exports.Start();
        return new SimulatorHost(app, state, control, new Uri(address.TrimEnd('/')));
    }

    /// <summary>Stops the server and the job timer. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _state.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void Validate(SimulatorOptions o)
    {
        static void Require(bool ok, string name, string rule)
        {
            if (!ok)
            {
                throw new ArgumentException($"Simulator option {name} {rule}.", name);
            }
        }

        Require(!string.IsNullOrWhiteSpace(o.ClientId), nameof(o.ClientId), "must not be empty");
        Require(!string.IsNullOrWhiteSpace(o.ClientSecret), nameof(o.ClientSecret), "must not be empty");
        Require(o.JobTickSeconds is > 0 and <= 86_400, nameof(o.JobTickSeconds), "must be between 0 (exclusive) and 86400 seconds");
        Require(o.ExportQuotaMb >= 0, nameof(o.ExportQuotaMb), "must not be negative");
        Require(o.Leads >= 0 && o.Activities >= 0 && o.ProgramMembers >= 0 && o.CustomObjectRecords >= 0, "dataset sizes", "must not be negative");
        Require(o.ExtraSyntheticCustomObjects is >= 0 and <= 6, nameof(o.ExtraSyntheticCustomObjects), "must be between 0 and 6 (Marketo allows 10 custom object types)");
        Require(o.DataEnd >= o.DataStart, nameof(o.DataEnd), "must not be before DataStart");
        Require(o.RateLimitCalls > 0, nameof(o.RateLimitCalls), "must be positive");
        Require(o.RateLimitWindow > TimeSpan.Zero, nameof(o.RateLimitWindow), "must be positive");
        Require(o.MaxConcurrentCalls > 0, nameof(o.MaxConcurrentCalls), "must be positive");
        Require(o.DailyCallQuota > 0, nameof(o.DailyCallQuota), "must be positive");
        Require(o.ExportQueueCapacity > 0 && o.ExportMaxProcessing > 0, "export queue sizes", "must be positive");
        Require(o.JobProcessingTicks >= 1, nameof(o.JobProcessingTicks), "must be at least 1");
        Require(o.UnknownFieldErrorCode is "1003" or "1006", nameof(o.UnknownFieldErrorCode), "must be 1003 or 1006");
        Require((o.ApiUserPermissions & ~SimulatorApiPermissions.All) == 0, nameof(o.ApiUserPermissions), "must combine only the defined permissions");
        Require(o.ActivityTypes.Count > 0, nameof(o.ActivityTypes), "must hold at least one type");
    }
}
