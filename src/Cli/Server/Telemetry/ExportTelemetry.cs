using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MarketoExport.Cli.Server.Telemetry;

/// <summary>
/// The OpenTelemetry sources of <c>serve</c>: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>. Spans: <c>export.run</c>, <c>export.activity</c>, <c>marketo.call</c>. Metrics:
/// <c>export.runs</c> (finished runs by status), <c>export.run.duration</c>, <c>export.activities</c>,
/// <c>export.activity.duration</c>, <c>marketo.calls</c>, <c>marketo.call.duration</c>.
/// </summary>
public static class ExportTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "MarketoExport";

    /// <summary>Spans.</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Finished runs, tagged <c>status</c> and <c>trigger</c>.</summary>
    public static readonly Counter<long> Runs = Meter.CreateCounter<long>("export.runs", "{run}", "Finished export runs.");

    /// <summary>Run wall time.</summary>
    public static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>("export.run.duration", "s", "Export run wall time.");

    /// <summary>Activity executions, tagged <c>activity</c> and <c>outcome</c>.</summary>
    public static readonly Counter<long> Activities = Meter.CreateCounter<long>("export.activities", "{execution}", "Activity executions.");

    /// <summary>Activity execution time.</summary>
    public static readonly Histogram<double> ActivityDuration = Meter.CreateHistogram<double>("export.activity.duration", "s", "Activity execution time.");

    /// <summary>HTTP calls to Marketo, tagged <c>http.request.method</c>, <c>url.path</c> (no query) and <c>http.response.status_code</c>.</summary>
    public static readonly Counter<long> MarketoCalls = Meter.CreateCounter<long>("marketo.calls", "{call}", "HTTP calls to Marketo.");

    /// <summary>HTTP call time.</summary>
    public static readonly Histogram<double> MarketoCallDuration = Meter.CreateHistogram<double>("marketo.call.duration", "s", "HTTP call time to Marketo.");
}
