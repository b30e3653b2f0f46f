using System.Text;
using MarketoExport.Durable;
using MarketoExport.Durable.Sqlite;
using MarketoExport.FunctionApp.Triggers;
using MarketoExport.Management.Runs;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Orchestrations.Export;
using MarketoExport.TestHelpers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketoExport.FunctionApp.Tests.OnDurableTask;

/// <summary>
/// The Function App's services (<see cref="FunctionAppServices.AddMarketoExport"/>, from app settings as on Azure)
/// with its trigger methods registered on a real Durable Task engine (DurableTask.Core's worker on the SQLite provider)
/// and a real <see cref="DurableTaskClient"/> over it, against the simulator on loopback.
/// </summary>
internal sealed class FunctionAppHarness : IAsyncDisposable
{
    private readonly TemporaryFolder _root;
    private readonly SqliteOrchestrationService _store;

    private FunctionAppHarness(TemporaryFolder root, SimulatorHost simulator, ServiceProvider services, SqliteOrchestrationService store, LocalDurableWorker worker)
    {
        _root = root;
        Simulator = simulator;
        Services = services;
        _store = store;
        Worker = worker;
        Client = worker.CreateClient();
        Http = new ExportHttpFunctions(services.GetRequiredService<ExportRunStarter>());
    }

    public string Root => _root.Path;

    public string Landing => Path.Combine(Root, "landing");

    /// <summary>What the runs landed: files, manifest, record ids.</summary>
    public LandingFolder Landed => new(Landing);

    public SimulatorHost Simulator { get; }

    public ServiceProvider Services { get; }

    public LocalDurableWorker Worker { get; }

    public DurableTaskClient Client { get; }

    public ExportHttpFunctions Http { get; }

    public static CancellationToken Bound() => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    public static Dictionary<string, string?> Settings(Uri marketo, string landing) => new(SimulatorSettings.Configuration(marketo, Simulated()))
    {
        ["Marketo:RateLimitWindow"] = "00:00:01",
        ["Marketo:RetryBaseDelay"] = "00:00:00.010",
        ["Marketo:RetryMaxDelay"] = "00:00:00.050",
        ["Export:Objects:0"] = "leads",
        ["Export:Objects:1"] = "activities",
        ["Export:Since"] = "2026-01-01T00:00:00Z",
        ["Export:Schedule"] = "0 0 2 * * *",
        ["Export:Settings:PollFirstDelay"] = "00:00:00.200",
        ["Export:Settings:PollMaxDelay"] = "00:00:01",
        ["Export:Settings:ApiRetryFirstInterval"] = "00:00:00.500",
        ["Export:Settings:ApiRetryMaxInterval"] = "00:00:02",
        ["Landing:Kind"] = "folder",
        ["Landing:Folder"] = landing,
    };

    /// <summary>The CLI's <see cref="SimulatorPresets.Fast"/> data over three months (2026-01-01 to 2026-04-01) instead of six.</summary>
    public static SimulatorOptions Simulated()
    {
        SimulatorOptions options = SimulatorPresets.Fast();
        options.DataEnd = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
        return options;
    }

    public static async Task<FunctionAppHarness> StartAsync(bool startWorker = true)
    {
        var root = new TemporaryFolder("mde-functionapp");
        SimulatorHost simulator = await SimulatorHost.StartAsync(Simulated());
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(simulator.BaseUrl, Path.Combine(root.Path, "landing"))).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(configuration);
        services.AddMarketoExport(configuration);
        ServiceProvider provider = services.BuildServiceProvider();

        // The simulator keeps checkpoints in its own custom object: create it as `provision` would.
        await provider.GetRequiredService<Activities.Checkpoints.ICheckpointStore>().ProvisionAsync(default);

        var store = new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = Path.Combine(root.Path, "state", "durable.db") });
        var options = new LocalDurableWorkerOptions();
        options.RewindModes[nameof(ExportRunOrchestrator)] = RewindMode.FromFirstFailure;
        var worker = new LocalDurableWorker(store, provider, new DurableTaskRegistry().AddFunctionAppTriggers(), options);
        if (startWorker)
        {
            await worker.StartAsync();
        }

        return new FunctionAppHarness(root, simulator, provider, store, worker);
    }

    /// <summary>Calls an HTTP function as the Functions ASP.NET Core integration does and reads its response.</summary>
    public async Task<(int Status, string Body, string? Location)> CallAsync(Func<HttpRequest, Task<IActionResult>> function, string method, string path, string? body = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("func.example");
        context.Request.Path = path;
        if (body is not null)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        var response = new MemoryStream();
        context.Response.Body = response;
        IActionResult result = await function(context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return (context.Response.StatusCode, Encoding.UTF8.GetString(response.ToArray()), context.Response.Headers.Location.FirstOrDefault());
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Worker.DisposeAsync();
        await _store.DisposeAsync();
        await Services.DisposeAsync();
        await Simulator.DisposeAsync();
        _root.Dispose();
    }
}
