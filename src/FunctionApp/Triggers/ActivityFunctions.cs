using MarketoExport.Activities;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Orchestrations.Export;
using Microsoft.Azure.Functions.Worker;

namespace MarketoExport.FunctionApp.Triggers;

/// <summary>
/// One activity trigger per activity, named after the activity class (the names the orchestrators call, see
/// <see cref="ActivityNames"/>). Each creates the activity with its services (as the embedded engine does) and runs
/// it; an exception propagates, so Durable records its type and message and the orchestrator's retry policy decides.
/// </summary>
public static class ActivityFunctions
{
    /// <summary>Creates a bulk export job for one window.</summary>
    [Function(nameof(CreateExportJobActivity))]
    public static Task<ExportJobState> CreateExportJob([ActivityTrigger] CreateExportJobRequest input, FunctionContext context)
        => RunAsync<CreateExportJobActivity, ExportJobState>(input, context);

    /// <summary>Enqueues a created job.</summary>
    [Function(nameof(EnqueueExportJobActivity))]
    public static Task<ExportJobState> EnqueueExportJob([ActivityTrigger] ExportJobRef input, FunctionContext context)
        => RunAsync<EnqueueExportJobActivity, ExportJobState>(input, context);

    /// <summary>Reads a job's status.</summary>
    [Function(nameof(GetExportJobStatusActivity))]
    public static Task<ExportJobState> GetExportJobStatus([ActivityTrigger] ExportJobRef input, FunctionContext context)
        => RunAsync<GetExportJobStatusActivity, ExportJobState>(input, context);

    /// <summary>Cancels a job that timed out.</summary>
    [Function(nameof(CancelExportJobActivity))]
    public static Task<ExportJobState> CancelExportJob([ActivityTrigger] ExportJobRef input, FunctionContext context)
        => RunAsync<CancelExportJobActivity, ExportJobState>(input, context);

    /// <summary>After a crash during create: finds the Created job to adopt.</summary>
    [Function(nameof(FindCreatedExportJobActivity))]
    public static Task<ExportJobState> FindCreatedExportJob([ActivityTrigger] FindCreatedExportJobRequest input, FunctionContext context)
        => RunAsync<FindCreatedExportJobActivity, ExportJobState>(input, context);

    /// <summary>Streams, verifies and lands a completed job's file.</summary>
    [Function(nameof(DownloadExportFileActivity))]
    public static Task<LandedFile> DownloadExportFile([ActivityTrigger] DownloadExportFileRequest input, FunctionContext context)
        => RunAsync<DownloadExportFileActivity, LandedFile>(input, context);

    /// <summary>Bytes of bulk export used today (the daily quota pre-check).</summary>
    [Function(nameof(GetExportUsageActivity))]
    public static Task<ExportUsage> GetExportUsage([ActivityTrigger] ExportUsageRequest input, FunctionContext context)
        => RunAsync<GetExportUsageActivity, ExportUsage>(input, context);

    /// <summary>Reads an object's checkpoint (its high-water mark and any in-flight export).</summary>
    [Function(nameof(ReadCheckpointActivity))]
    public static Task<ExportCheckpoint> ReadCheckpoint([ActivityTrigger] string objectName, FunctionContext context)
        => RunAsync<ReadCheckpointActivity, ExportCheckpoint>(objectName, context);

    /// <summary>Writes an object's checkpoint.</summary>
    [Function(nameof(WriteCheckpointActivity))]
    public static Task<bool> WriteCheckpoint([ActivityTrigger] ExportCheckpoint input, FunctionContext context)
        => RunAsync<WriteCheckpointActivity, bool>(input, context);

    /// <summary>Creates and approves the checkpoint custom object if it is missing.</summary>
    [Function(nameof(ProvisionCheckpointObjectActivity))]
    public static Task<string> ProvisionCheckpointObject([ActivityTrigger] bool input, FunctionContext context)
        => RunAsync<ProvisionCheckpointObjectActivity, string>(input, context);

    /// <summary>Posts a failure alert to the configured webhook.</summary>
    [Function(nameof(SendAlertActivity))]
    public static Task<bool> SendAlert([ActivityTrigger] AlertRequest input, FunctionContext context)
        => RunAsync<SendAlertActivity, bool>(input, context);

    private static async Task<TOutput> RunAsync<TActivity, TOutput>(object? input, FunctionContext context)
        where TActivity : IActivity
    {
        ArgumentNullException.ThrowIfNull(context);
        IActivity activity = ExportActivities.Create(context.InstanceServices, typeof(TActivity));
        // Attempt 0: the isolated worker does not say whether this is a retry or a redelivery, so activities that
        // behave differently on a re-run (create adopts an earlier job) must assume it may be one.
        var activityContext = new ActivityContext(context.FunctionDefinition.Name, InstanceIdOf(context), Attempt: 0);
        object? output = await activity.RunAsync(activityContext, input, context.CancellationToken).ConfigureAwait(false);
        return (TOutput)output!;
    }

    // The Durable extension puts the calling orchestration's id into the activity trigger's binding data.
    private static string InstanceIdOf(FunctionContext context)
        => context.BindingContext.BindingData.TryGetValue("instanceId", out object? id) ? id?.ToString()?.Trim('"') ?? string.Empty : string.Empty;
}
