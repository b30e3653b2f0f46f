using System.Diagnostics;
using MarketoExport.Durable;
using Microsoft.DurableTask;

namespace MarketoExport.Cli.Server.Telemetry;

/// <summary>
/// Wraps an activity with one <c>export.activity</c> span and the activity metrics (count and duration by name and
/// outcome). The span names the activity, the instance and the delivery attempt (a redelivery after a crash is 2).
/// </summary>
public sealed class TracedActivity(string name, ITaskActivity inner, IActivityDeliveryInfo delivery) : ITaskActivity
{
    /// <inheritdoc />
    public Type InputType => inner.InputType;

    /// <inheritdoc />
    public Type OutputType => inner.OutputType;

    /// <inheritdoc />
    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        using Activity? span = ExportTelemetry.Source.StartActivity("export.activity", ActivityKind.Internal);
        span?.SetTag("export.activity", name);
        span?.SetTag("export.instance_id", context.InstanceId);
        span?.SetTag("export.attempt", delivery.Attempt);
        long started = Stopwatch.GetTimestamp();
        string outcome = "ok";
        try
        {
            return await inner.RunAsync(context, input);
        }
        catch (Exception ex)
        {
            outcome = ex is OperationCanceledException ? "cancelled" : "error";
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            var tags = new TagList { { "activity", name }, { "outcome", outcome } };
            ExportTelemetry.Activities.Add(1, tags);
            ExportTelemetry.ActivityDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }
}
