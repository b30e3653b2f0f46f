using OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;

namespace MarketoExport.Cli.Server.Telemetry;

/// <summary>
/// Where traces and metrics go, for <c>run</c>, <c>backfill</c> and <c>serve</c>: an OTLP collector
/// (<c>Telemetry:Otlp:Endpoint</c>, <c>Telemetry:Otlp:Protocol</c> grpc | http/protobuf, <c>Telemetry:Otlp:Headers</c>;
/// or the standard <c>OTEL_EXPORTER_OTLP_*</c> environment variables when the key is not set) and/or the console
/// (<c>--otel-console</c>, serve). Nothing is exported when neither is configured.
/// </summary>
public sealed record TelemetryOptions
{
    /// <summary>The collector's base URL (as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); null when not configured by key.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>The OTLP protocol.</summary>
    public OtlpExportProtocol OtlpProtocol { get; init; } = OtlpExportProtocol.Grpc;

    /// <summary>Extra headers (e.g. a vendor's API key) as <c>k1=v1,k2=v2</c>; never printed or logged.</summary>
    public string? OtlpHeaders { get; init; }

    /// <summary>OTLP configured only through the standard environment variables.</summary>
    public bool OtlpFromEnvironment { get; init; }

    /// <summary>Print traces and metrics to the console.</summary>
    public bool Console { get; init; }

    /// <summary>True when anything is exported.</summary>
    public bool Enabled => Otlp || Console;

    /// <summary>True when spans and metrics go to an OTLP collector.</summary>
    public bool Otlp => OtlpEndpoint is not null || OtlpFromEnvironment;

    /// <summary>Reads the settings.</summary>
    /// <exception cref="CliOptionException">A bad endpoint or protocol; the message names the key.</exception>
    public static TelemetryOptions FromConfiguration(IConfiguration configuration, bool console = false)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection otlp = configuration.GetSection("Telemetry:Otlp");
        Uri? endpoint = null;
        if (otlp["Endpoint"] is { Length: > 0 } text
            && (!Uri.TryCreate(text, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            throw new CliOptionException($"Telemetry:Otlp:Endpoint: '{text}' is not an http(s) URL; give the collector's base URL, e.g. http://localhost:4318 (http/protobuf) or http://localhost:4317 (grpc).");
        }

        OtlpExportProtocol protocol = OtlpExportProtocol.Grpc;
        string? protocolText = otlp["Protocol"] is { Length: > 0 } p ? p : Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL");
        if (protocolText is { Length: > 0 })
        {
            protocol = protocolText.Trim().ToLowerInvariant() switch
            {
                "grpc" => OtlpExportProtocol.Grpc,
                "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
                _ => throw new CliOptionException($"Telemetry:Otlp:Protocol: '{protocolText}' is not grpc or http/protobuf."),
            };
        }

        bool fromEnvironment = endpoint is null
            && (Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 }
                || Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") is { Length: > 0 });
        return new TelemetryOptions
        {
            OtlpEndpoint = endpoint,
            OtlpProtocol = protocol,
            OtlpHeaders = otlp["Headers"] is { Length: > 0 } h ? h : null,
            OtlpFromEnvironment = fromEnvironment,
            Console = console,
        };
    }

    /// <summary>Applies the endpoint, protocol and headers to an exporter's options (per signal path for http/protobuf).</summary>
    public void Apply(OtlpExporterOptions exporter, string signalPath)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        if (OtlpEndpoint is null)
        {
            return; // the standard OTEL_EXPORTER_OTLP_* variables, read by the exporter itself
        }

        exporter.Protocol = OtlpProtocol;

        // Set in code, an http/protobuf endpoint is used as-is: the signal's path is added here, as the variable would.
        exporter.Endpoint = OtlpProtocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(OtlpEndpoint.ToString().TrimEnd('/') + "/" + signalPath)
            : OtlpEndpoint;
        if (OtlpHeaders is not null)
        {
            exporter.Headers = OtlpHeaders;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"otlp={(Otlp ? OtlpEndpoint?.GetLeftPart(UriPartial.Authority) ?? "environment" : "off")} protocol={OtlpProtocol} console={Console}";
}
