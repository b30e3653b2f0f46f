using MarketoExport.Activities;
using MarketoExport.Activities.Landing;
using MarketoExport.Management.Plan;
using MarketoExport.Management.Runs;
using MarketoExport.Marketo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarketoExport.FunctionApp;

/// <summary>The Function App's services, from its configuration: the same registrations in Azure and in tests.</summary>
public static class FunctionAppServices
{
    /// <summary>
    /// Registers the Marketo client, what to export (the shared <c>Export</c> keys) and the one run planner and starter,
    /// the activities' services and the landing sink. Options are validated at start-up.
    /// </summary>
    public static IServiceCollection AddMarketoExport(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Marketo client (options from the Marketo section; the secret is a Key Vault reference on Azure).
        services.AddMarketoClient();

        // What to export (the same Export keys as the CLI) and the run settings; the one run planner and starter.
        services.AddOptions<ExportRunOptions>().BindConfiguration(ExportRunOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => ExportConfiguration.Read(
            sp.GetRequiredService<IConfiguration>().GetSection(ExportRunOptions.SectionName),
            ExportConfiguration.ReadSettings(sp.GetRequiredService<IConfiguration>().GetSection(ExportRunOptions.SectionName)),
            PlanFieldNames.Settings));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ExportRunPlanner>();
        services.AddSingleton<ExportRunStarter>();

        // Activities' options, checkpoint store and alert client, then the landing sink from the Landing section: on Azure
        // the blob container with the app's managed identity (Landing__Kind=blob, written by infra/bicep). No folder
        // default: a missing Landing section fails at start-up instead of landing files on an instance's temporary disk.
        services.AddOptions<ExportActivityOptions>().BindConfiguration(ExportActivityOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddExportActivities(landingFolder: Path.GetTempPath());
        services.AddLandingSink(configuration, defaultFolder: null);
        return services;
    }
}
