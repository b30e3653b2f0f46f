using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MarketoExport.Cli.Server.Telemetry;

/// <summary>
/// The OpenTelemetry pipeline of a command: the <c>MarketoExport</c> source and meter to OTLP and/or the console. The
/// server adds them to its host (<see cref="Configure(TracerProviderBuilder, TelemetryOptions)"/>); <c>run</c> and
/// <c>backfill</c> own providers for their lifetime (<see cref="Start"/>), flushed when disposed.
/// </summary>
public sealed class ExportTelemetryProviders : IDisposable
{
    private readonly TracerProvider _tracer;
    private readonly MeterProvider _meter;

    private ExportTelemetryProviders(TracerProvider tracer, MeterProvider meter)
    {
        _tracer = tracer;
        _meter = meter;
    }

    /// <summary>The service name in the resource.</summary>
    public const string ServiceName = "marketo-export";

    /// <summary>Providers for a foreground command, or null when telemetry is not configured.</summary>
    public static ExportTelemetryProviders? Start(TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return null;
        }

        TracerProvider tracer = Configure(Sdk.CreateTracerProviderBuilder().ConfigureResource(r => r.AddService(ServiceName)), options).Build()!;
        MeterProvider meter = Configure(Sdk.CreateMeterProviderBuilder().ConfigureResource(r => r.AddService(ServiceName)), options).Build()!;
        return new ExportTelemetryProviders(tracer, meter);
    }

    /// <summary>Adds the export's spans and their exporters.</summary>
    public static TracerProviderBuilder Configure(TracerProviderBuilder builder, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.AddSource(ExportTelemetry.Name);
        if (options.Console)
        {
            builder.AddConsoleExporter();
        }

        if (options.Otlp)
        {
            builder.AddOtlpExporter(o => options.Apply(o, "v1/traces"));
        }

        return builder;
    }

    /// <summary>Adds the export's metrics and their exporters.</summary>
    public static MeterProviderBuilder Configure(MeterProviderBuilder builder, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.AddMeter(ExportTelemetry.Name);
        if (options.Console)
        {
            builder.AddConsoleExporter();
        }

        if (options.Otlp)
        {
            builder.AddOtlpExporter(o => options.Apply(o, "v1/metrics"));
        }

        return builder;
    }

    /// <summary>A root <c>export.run</c> span for a foreground run (null when nobody listens).</summary>
    public static Activity? StartRun(string instanceId, string trigger)
    {
        Activity.Current = null;
        Activity? span = ExportTelemetry.Source.StartActivity("export.run", ActivityKind.Internal);
        span?.SetTag("export.instance_id", instanceId);
        span?.SetTag("export.trigger", trigger);
        return span;
    }

    /// <summary>Flushes and stops the providers.</summary>
    public void Dispose()
    {
        _tracer.ForceFlush(5_000);
        _meter.ForceFlush(5_000);
        _tracer.Dispose();
        _meter.Dispose();
    }
}
