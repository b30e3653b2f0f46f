using System.Diagnostics;
using MarketoExport.Orchestrations.Abstractions;

namespace MarketoExport.Host.Server.Telemetry;

/// <summary>Wraps an activity with an <c>export.activity</c> span and the activity metrics.</summary>
/// <param name="name">The activity's registered name.</param>
/// <param name="inner">The activity.</param>
public sealed class TracedActivity(string name, IActivity inner) : IActivity
{
    /// <inheritdoc />
    public Type InputType => inner.InputType;

    /// <inheritdoc />
    public async Task<object?> RunAsync(Orchestrations.Abstractions.ActivityContext context, object? input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using Activity? span = ExportTelemetry.Source.StartActivity("export.activity", ActivityKind.Internal);
        span?.SetTag("export.activity", name);
        span?.SetTag("export.instance_id", context.InstanceId);
        span?.SetTag("export.attempt", context.Attempt);
        long started = Stopwatch.GetTimestamp();
        string outcome = "ok";
        try
        {
            return await inner.RunAsync(context, input, cancellationToken);
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
