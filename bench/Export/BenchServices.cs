using MarketoExport.Activities;
using MarketoExport.Durable;
using MarketoExport.Marketo;
using MarketoExport.Marketo.Simulator;
using Microsoft.Extensions.DependencyInjection;

namespace MarketoExport.Bench.Export;

/// <summary>The pipeline's real services (Marketo client, activities, local landing sink), as the Host composes them.</summary>
internal static class BenchServices
{
    public static ServiceProvider Build(Uri simulator, string landingFolder, TimeProvider time, bool compressedClock)
    {
        var defaults = new SimulatorOptions();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time);
        services.AddMarketoClient(o =>
        {
            o.BaseUrl = simulator.ToString();
            o.ClientId = defaults.ClientId;
            o.ClientSecret = defaults.ClientSecret;
            if (compressedClock)
            {
                // Timeouts run on the compressed clock too: keep them long in simulated time so a loaded machine
                // does not turn a 100 ms hiccup into a "timeout".
                o.RequestTimeout = TimeSpan.FromHours(1);
                o.FileDownloadTimeout = TimeSpan.FromDays(1);
            }
        });
        // As the Host: activities see the local worker's delivery attempt (outside a worker, 0).
        services.AddSingleton<IActivityEnvironment>(new BenchActivityEnvironment(LocalDurableWorker.DeliveryInfo));
        services.AddExportActivities(landingFolder);
        return services.BuildServiceProvider();
    }
}
