using MarketoExport.Activities;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Orchestrations.Export;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace MarketoExport.FunctionApp.Triggers;

/// <summary>
/// One activity trigger per activity, named after the activity class (the names the orchestrators call, see
/// <see cref="ActivityNames"/>). Each resolves the activity from DI and runs it; an exception propagates so that
/// Durable records its type and message and the orchestrator's retry policy decides.
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

    /// <summary>Streams, verifies and lands a completed job's file.</summary>
    [Function(nameof(DownloadExportFileActivity))]
    public static Task<LandedFile> DownloadExportFile([ActivityTrigger] DownloadExportFileRequest input, FunctionContext context)
        => RunAsync<DownloadExportFileActivity, LandedFile>(input, context);

    /// <summary>Bytes of bulk export used today (the daily quota pre-check).</summary>
    [Function(nameof(GetExportUsageActivity))]
    public static Task<ExportUsage> GetExportUsage([ActivityTrigger] ExportUsageRequest input, FunctionContext context)
        => RunAsync<GetExportUsageActivity, ExportUsage>(input, context);

    private static async Task<TOutput> RunAsync<TActivity, TOutput>(object? input, FunctionContext context)
        where TActivity : IActivity
    {
        ArgumentNullException.ThrowIfNull(context);
        IActivity activity = context.InstanceServices.GetRequiredService<TActivity>();
        var activityContext = new ActivityContext(context.FunctionDefinition.Name, InstanceIdOf(context));
        object? output = await activity.RunAsync(activityContext, input, context.CancellationToken).ConfigureAwait(false);
        return (TOutput)output!;
    }

    // The Durable extension puts the calling orchestration's id into the activity trigger's binding data.
    private static string InstanceIdOf(FunctionContext context)
        => context.BindingContext.BindingData.TryGetValue("instanceId", out object? id) ? id?.ToString()?.Trim('"') ?? string.Empty : string.Empty;
}
