using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cronos;
using Microsoft.Extensions.Configuration;

namespace MarketoExport.Cli.Server;

/// <summary>
/// Settings of <c>serve</c>, validated at start: listen addresses (<c>Server:Urls</c>; <c>https://</c> with the
/// certificate of <c>Server:Certificate:Path</c> and <c>:Password</c>; a path in them is the path base the server is
/// reached under; an IPv4-mapped IPv6 address is its IPv4 address), API key (<c>Server:ApiKey</c>, required for any
/// non-loopback address), console telemetry (<c>Server:OtelConsole</c>) and the schedule (<c>Export:Schedule</c>,
/// <c>Export:ScheduleTimeZone</c>).
/// </summary>
public sealed record ServerOptions
{
    /// <summary>The default listen address: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>The default schedule: nightly at 02:00.</summary>
    public const string DefaultSchedule = "0 2 * * *";

    /// <summary>The request header carrying the API key.</summary>
    public const string ApiKeyHeader = "x-api-key";

    /// <summary>Listen addresses, as Kestrel takes them (scheme, host, port; no path).</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrls];

    /// <summary>The path every endpoint is under (from the listen URLs, e.g. <c>/export</c>); empty for none.</summary>
    public string PathBase { get; init; } = string.Empty;

    /// <summary>The TLS certificate of the <c>https://</c> addresses; null when there are none.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>The API key every endpoint but <c>/healthz</c> requires; null for none (loopback only).</summary>
    public string? ApiKey { get; init; }

    /// <summary>Export traces and metrics to the console.</summary>
    public bool OtelConsole { get; init; }

    /// <summary>Where traces and metrics go (OTLP, console).</summary>
    public Telemetry.TelemetryOptions Telemetry { get; init; } = new();

    /// <summary>The schedule; null when scheduling is off.</summary>
    public CronExpression? Schedule { get; init; } = CronExpression.Parse(DefaultSchedule);

    /// <summary>The schedule's text, as configured.</summary>
    public string ScheduleText { get; init; } = DefaultSchedule;

    /// <summary>The time zone the schedule is read in.</summary>
    public TimeZoneInfo ScheduleTimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>How long the status page's Marketo usage figures are reused.</summary>
    public TimeSpan UsageCacheDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads and validates the settings.</summary>
    /// <exception cref="CliOptionException">A bad setting; the message names it and the fix.</exception>
    public static ServerOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string urlsText = configuration["Server:Urls"] is { Length: > 0 } u ? u : DefaultUrls;
        List<string> configured = urlsText.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var urls = new List<string>();
        string? pathBase = null;
        foreach (string url in configured)
        {
            (string listen, string path) = Normalize(url);
            if (pathBase is not null && path != pathBase)
            {
                throw new CliOptionException(
                    $"--urls (Server:Urls): '{url}' has the path '{path}' but another address has '{pathBase}'; the server has one path base, give it on every address (or none).");
            }

            pathBase = path;
            urls.Add(listen);
        }

        X509Certificate2? certificate = urls.Any(x => x.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) ? LoadCertificate(configuration) : null;
        string? apiKey = string.IsNullOrWhiteSpace(configuration["Server:ApiKey"]) ? null : configuration["Server:ApiKey"]!.Trim();
        if (apiKey is { Length: < 16 })
        {
            throw new CliOptionException("--api-key (Server:ApiKey) is shorter than 16 characters; use a random key, e.g. `openssl rand -hex 32`.");
        }

        foreach (string url in urls)
        {
            bool loopback = IsLoopback(url, out string? error);
            if (error is not null)
            {
                throw new CliOptionException($"--urls (Server:Urls): {error}");
            }

            if (!loopback && apiKey is null)
            {
                throw new CliOptionException(
                    $"--urls (Server:Urls): '{url}' is not a loopback address, and serving beyond this machine needs an API key. "
                    + "Set --api-key (or Server:ApiKey / env Server__ApiKey) to a random value of 16+ characters, or bind to http://127.0.0.1:PORT.");
            }
        }

        bool otel = false;
        if (configuration["Server:OtelConsole"] is { Length: > 0 } o && !bool.TryParse(o, out otel))
        {
            throw new CliOptionException($"Server:OtelConsole: '{o}' is not true or false.");
        }

        string scheduleText = configuration["Export:Schedule"] is { Length: > 0 } s ? s.Trim() : DefaultSchedule;
        CronExpression? schedule = null;
        if (!scheduleText.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            // Five fields (minute hour day month weekday) as in crontab, or six with seconds first as the Function
            // App's NCRONTAB timer reads the same key: one Export:Schedule value works on both hosts.
            int fields = scheduleText.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            try
            {
                schedule = CronExpression.Parse(scheduleText, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            }
            catch (CronFormatException ex)
            {
                throw new CliOptionException(
                    $"--schedule (Export:Schedule): '{scheduleText}' is not a cron expression of 5 fields, or 6 with seconds first ({ex.Message}); "
                    + "use e.g. \"0 2 * * *\" or \"0 0 2 * * *\" for 02:00 daily, or \"off\".", ex);
            }
        }

        TimeZoneInfo zone = TimeZoneInfo.Utc;
        if (configuration["Export:ScheduleTimeZone"] is { Length: > 0 } z)
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(z.Trim());
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw new CliOptionException(
                    $"Export:ScheduleTimeZone: '{z}' is not a time zone this machine knows; use an IANA id such as UTC, Europe/Berlin or America/Chicago.", ex);
            }
        }

        return new ServerOptions
        {
            Telemetry = Cli.Server.Telemetry.TelemetryOptions.FromConfiguration(configuration, console: otel),
            Urls = urls,
            PathBase = pathBase ?? string.Empty,
            Certificate = certificate,
            ApiKey = apiKey,
            OtelConsole = otel,
            Schedule = schedule,
            ScheduleText = scheduleText,
            ScheduleTimeZone = zone,
        };
    }

    /// <summary>
    /// Splits a listen URL into what Kestrel binds (scheme, host, port) and its path (the path base, "" for none), and
    /// writes an IPv4-mapped IPv6 host (<c>[::ffff:127.0.0.1]</c>) as its IPv4 address, which is what it reaches.
    /// </summary>
    /// <exception cref="CliOptionException">Not an http(s) URL, or a path Kestrel cannot serve under (query, fragment).</exception>
    public static (string Listen, string PathBase) Normalize(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        string[] parts = url.Split("://", 2);
        if (parts.Length != 2)
        {
            throw new CliOptionException($"--urls (Server:Urls): '{url}' is not an http(s) URL; use e.g. {DefaultUrls}.");
        }

        int slash = parts[1].IndexOf('/', StringComparison.Ordinal);
        string authority = slash < 0 ? parts[1] : parts[1][..slash];
        string path = slash < 0 ? string.Empty : parts[1][slash..].TrimEnd('/');
        if (path.Contains('?', StringComparison.Ordinal) || path.Contains('#', StringComparison.Ordinal) || path.Contains("//", StringComparison.Ordinal))
        {
            throw new CliOptionException($"--urls (Server:Urls): '{url}' has a query or an empty segment; give a plain path such as http://127.0.0.1:5080/export.");
        }

        if (authority.StartsWith("[::ffff:", StringComparison.OrdinalIgnoreCase)
            && authority.IndexOf(']', StringComparison.Ordinal) is var end and > 0
            && IPAddress.TryParse(authority[1..end], out IPAddress? mapped) && mapped.IsIPv4MappedToIPv6)
        {
            authority = mapped.MapToIPv4() + authority[(end + 1)..];
        }

        return ($"{parts[0]}://{authority}", path);
    }

    /// <summary>True when <paramref name="url"/> binds to loopback only (127.0.0.0/8, ::1 or localhost).</summary>
    public static bool IsLoopback(string url, out string? error)
    {
        ArgumentNullException.ThrowIfNull(url);
        error = null;

        // Kestrel's wildcards (http://*:80, http://+:80) are not valid URIs: they bind every interface.
        string host = url.Split("://", 2) is [_, string rest] ? rest.Split('/', 2)[0] : string.Empty;
        if (host.StartsWith('*') || host.StartsWith('+'))
        {
            return false;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            error = $"'{url}' is not an http(s) URL; use e.g. {DefaultUrls}.";
            return false;
        }

        if (uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? ip))
        {
            return false;
        }

        return IPAddress.IsLoopback(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip);
    }

    private static X509Certificate2 LoadCertificate(IConfiguration configuration)
    {
        string? path = configuration["Server:Certificate:Path"] is { Length: > 0 } p ? p : null;
        if (path is null)
        {
            throw new CliOptionException(
                "--urls (Server:Urls): an https:// address needs a certificate: give --certificate FILE (Server:Certificate:Path, a PKCS#12 .pfx) "
                + "and its password in Server:Certificate:Password (env Server__Certificate__Password), or listen on http:// behind a TLS-terminating proxy.");
        }

        if (!File.Exists(path))
        {
            throw new CliOptionException($"--certificate (Server:Certificate:Path): '{path}' does not exist; give the path of a PKCS#12 (.pfx) file.");
        }

        try
        {
            X509Certificate2 certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["Server:Certificate:Password"]);
            if (!certificate.HasPrivateKey)
            {
                throw new CliOptionException($"--certificate (Server:Certificate:Path): '{path}' holds no private key; export the certificate with its key (.pfx).");
            }

            return certificate;
        }
        catch (CryptographicException ex)
        {
            // The message of a wrong password says so without the password.
            throw new CliOptionException(
                $"--certificate (Server:Certificate:Path): '{path}' could not be read ({ex.Message.TrimEnd('.')}); check the file and Server:Certificate:Password.", ex);
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"urls={string.Join(';', Urls)} pathBase={PathBase} certificate={(Certificate is null ? "none" : Certificate.Subject)} apiKey={(ApiKey is null ? "none" : "set")} schedule={ScheduleText} tz={ScheduleTimeZone.Id}");
}
