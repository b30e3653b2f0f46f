using MarketoExport.Activities.Checkpoints;
using MarketoExport.Activities.Landing;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MarketoExport.Activities;

/// <summary>The export orchestrators and activities: their registered names, their registration and their services.</summary>
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
        (nameof(DescribeExportFieldsActivity), typeof(DescribeExportFieldsActivity)),
    ];

    /// <summary>Creates an activity instance from the container.</summary>
    public static ITaskActivity Create(IServiceProvider services, Type activityType)
        => (ITaskActivity)ActivatorUtilities.CreateInstance(services, activityType);

    /// <summary>
    /// Registers both export orchestrators and every export activity under the names the orchestrators use (the class
    /// names). <paramref name="decorate"/> may wrap each activity (name, activity), e.g. with tracing.
    /// </summary>
    public static DurableTaskRegistry AddExportTasks(this DurableTaskRegistry registry, Func<string, ITaskActivity, ITaskActivity>? decorate = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator<ExportRunOrchestrator>();
        registry.AddOrchestrator<ObjectExportOrchestrator>();
        foreach ((string name, Type type) in All)
        {
            registry.AddActivity(name, sp => decorate is null ? Create(sp, type) : decorate(name, Create(sp, type)));
        }

        return registry;
    }

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
        services.TryAddSingleton<IActivityEnvironment>(ActivityEnvironment.Unknown);
        services.TryAddSingleton<IDownloadProgress>(NoDownloadProgress.Instance);
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
        ActivityNames.ProvisionCheckpointObject, ActivityNames.SendAlert, ActivityNames.DescribeExportFields,
    ];
}
