using MarketoExport.Activities.Checkpoints;
using MarketoExport.Activities.Landing;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MarketoExport.Activities;

/// <summary>The export activities: their registered names and their services.</summary>
public static class ExportActivities
{
    /// <summary>Every export activity with the name the orchestrators call it by.</summary>
    public static IReadOnlyList<(string Name, Type Type)> All { get; } =
    [
        (nameof(CreateExportJobActivity), typeof(CreateExportJobActivity)),
        (nameof(EnqueueExportJobActivity), typeof(EnqueueExportJobActivity)),
        (nameof(GetExportJobStatusActivity), typeof(GetExportJobStatusActivity)),
        (nameof(CancelExportJobActivity), typeof(CancelExportJobActivity)),
        (nameof(FindCreatedExportJobActivity), typeof(FindCreatedExportJobActivity)),
        (nameof(DownloadExportFileActivity), typeof(DownloadExportFileActivity)),
        (nameof(GetExportUsageActivity), typeof(GetExportUsageActivity)),
        (nameof(ReadCheckpointActivity), typeof(ReadCheckpointActivity)),
        (nameof(WriteCheckpointActivity), typeof(WriteCheckpointActivity)),
        (nameof(ProvisionCheckpointObjectActivity), typeof(ProvisionCheckpointObjectActivity)),
        (nameof(SendAlertActivity), typeof(SendAlertActivity)),
    ];

    /// <summary>Creates an activity instance from the container.</summary>
    public static IActivity Create(IServiceProvider services, Type activityType)
        => (IActivity)ActivatorUtilities.CreateInstance(services, activityType);

    /// <summary>
    /// Registers the checkpoint store (Marketo custom object), a <see cref="LocalFolderSink"/> over
    /// <paramref name="landingFolder"/>, the options and the alert HttpClient. Needs <c>AddMarketoClient</c> too.
    /// </summary>
    public static IServiceCollection AddExportActivities(this IServiceCollection services, string landingFolder, Action<ExportActivityOptions>? configure = null)
    {
        OptionsBuilder<ExportActivityOptions> options = services.AddOptions<ExportActivityOptions>().ValidateDataAnnotations();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILandingSink>(sp => new LocalFolderSink(landingFolder, sp.GetRequiredService<TimeProvider>()));
        // Transient: the store holds the typed Marketo client, which must not be captured by a singleton.
        services.TryAddTransient<ICheckpointStore, MarketoCheckpointStore>();
        services.AddHttpClient(SendAlertActivity.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        return services;
    }

    /// <summary>The activity names the orchestrators use, checked against the classes (see <see cref="ActivityNames"/>).</summary>
    public static IReadOnlyList<string> OrchestratorNames { get; } =
    [
        ActivityNames.CreateExportJob, ActivityNames.EnqueueExportJob, ActivityNames.GetExportJobStatus, ActivityNames.CancelExportJob, ActivityNames.FindCreatedExportJob,
        ActivityNames.DownloadExportFile, ActivityNames.GetExportUsage, ActivityNames.ReadCheckpoint, ActivityNames.WriteCheckpoint,
        ActivityNames.ProvisionCheckpointObject, ActivityNames.SendAlert,
    ];
}
