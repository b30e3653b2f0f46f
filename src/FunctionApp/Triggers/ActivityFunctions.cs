using MarketoExport.Activities;
using MarketoExport.Orchestrations.Export;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace MarketoExport.FunctionApp.Triggers;

/// <summary>
/// One activity trigger per activity, named after the activity class (the names the orchestrators call, see
/// <see cref="ActivityNames"/>). Each creates the activity class with its services, as the local engine does, and
/// runs it; an exception propagates, so Durable records its type and message and the orchestrator's policy decides.
/// </summary>
public static class ActivityFunctions
{
    /// <summary>Creates a bulk export job for one window.</summary>
    [Function(nameof(CreateExportJobActivity))]
    public static Task<ExportJobState> CreateExportJob([ActivityTrigger] CreateExportJobRequest input, FunctionContext context)
        => RunAsync<CreateExportJobActivity, CreateExportJobRequest, ExportJobState>(input, context);

    /// <summary>Enqueues a created job.</summary>
    [Function(nameof(EnqueueExportJobActivity))]
    public static Task<ExportJobState> EnqueueExportJob([ActivityTrigger] ExportJobRef input, FunctionContext context)
        => RunAsync<EnqueueExportJobActivity, ExportJobRef, ExportJobState>(input, context);

    /// <summary>Reads a job's status.</summary>
    [Function(nameof(GetExportJobStatusActivity))]
    public static Task<ExportJobState> GetExportJobStatus([ActivityTrigger] ExportJobRef input, FunctionContext context)
        => RunAsync<GetExportJobStatusActivity, ExportJobRef, ExportJobState>(input, context);

    /// <summary>Cancels a job that timed out.</summary>
    [Function(nameof(CancelExportJobActivity))]
    public static Task<ExportJobState> CancelExportJob([ActivityTrigger] ExportJobRef input, FunctionContext context)
        => RunAsync<CancelExportJobActivity, ExportJobRef, ExportJobState>(input, context);

    /// <summary>After a crash during create: finds the Created job to adopt.</summary>
    [Function(nameof(FindCreatedExportJobActivity))]
    public static Task<ExportJobState> FindCreatedExportJob([ActivityTrigger] FindCreatedExportJobRequest input, FunctionContext context)
        => RunAsync<FindCreatedExportJobActivity, FindCreatedExportJobRequest, ExportJobState>(input, context);

    /// <summary>Streams, verifies and lands a completed job's file.</summary>
    [Function(nameof(DownloadExportFileActivity))]
    public static Task<LandedFile> DownloadExportFile([ActivityTrigger] DownloadExportFileRequest input, FunctionContext context)
        => RunAsync<DownloadExportFileActivity, DownloadExportFileRequest, LandedFile>(input, context);

    /// <summary>Bytes of bulk export used today (the daily quota pre-check).</summary>
    [Function(nameof(GetExportUsageActivity))]
    public static Task<ExportUsage> GetExportUsage([ActivityTrigger] ExportUsageRequest input, FunctionContext context)
        => RunAsync<GetExportUsageActivity, ExportUsageRequest, ExportUsage>(input, context);

    /// <summary>Reads an object's checkpoint (its high-water mark and any in-flight export).</summary>
    [Function(nameof(ReadCheckpointActivity))]
    public static Task<ExportCheckpoint> ReadCheckpoint([ActivityTrigger] string objectName, FunctionContext context)
        => RunAsync<ReadCheckpointActivity, string, ExportCheckpoint>(objectName, context);

    /// <summary>Writes an object's checkpoint.</summary>
    [Function(nameof(WriteCheckpointActivity))]
    public static Task<bool> WriteCheckpoint([ActivityTrigger] ExportCheckpoint input, FunctionContext context)
        => RunAsync<WriteCheckpointActivity, ExportCheckpoint, bool>(input, context);

    /// <summary>Creates and approves the checkpoint custom object if it is missing.</summary>
    [Function(nameof(ProvisionCheckpointObjectActivity))]
    public static Task<string> ProvisionCheckpointObject([ActivityTrigger] bool input, FunctionContext context)
        => RunAsync<ProvisionCheckpointObjectActivity, bool, string>(input, context);

    /// <summary>Posts a failure alert to the configured webhook.</summary>
    [Function(nameof(SendAlertActivity))]
    public static Task<bool> SendAlert([ActivityTrigger] AlertRequest input, FunctionContext context)
        => RunAsync<SendAlertActivity, AlertRequest, bool>(input, context);

    /// <summary>The fields to export of an object configured without a field list.</summary>
    [Function(nameof(DescribeExportFieldsActivity))]
    public static Task<IReadOnlyList<string>> DescribeExportFields([ActivityTrigger] ExportObject input, FunctionContext context)
        => RunAsync<DescribeExportFieldsActivity, ExportObject, IReadOnlyList<string>>(input, context);

    private static Task<TOutput> RunAsync<TActivity, TInput, TOutput>(TInput input, FunctionContext context)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        ArgumentNullException.ThrowIfNull(context);
        // The isolated worker does not say whether this is a redelivery (attempt 0: unknown), so activities that
        // behave differently on a re-run (create adopts an earlier job) assume it may be one. The invocation's token
        // stops a long download when the instance shuts down; the download resumes when the activity runs again.
        var environment = new ActivityEnvironment(DeliveryAttempt: 0, context.CancellationToken);
        TActivity activity = ActivatorUtilities.CreateInstance<TActivity>(context.InstanceServices, environment);
        return activity.RunAsync(new FunctionActivityContext(context), input);
    }
}
