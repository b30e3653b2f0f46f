using System.Globalization;
using System.Net;
using Cronos;
using Microsoft.Extensions.Configuration;

namespace MarketoExport.Cli.Server;

/// <summary>
/// Settings of <c>serve</c>, validated at start: listen addresses (<c>Server:Urls</c>), API key
/// (<c>Server:ApiKey</c>, required for any non-loopback address), console telemetry (<c>Server:OtelConsole</c>) and
/// the schedule (<c>Export:Schedule</c>, <c>Export:ScheduleTimeZone</c>).
/// </summary>
public sealed record ServerOptions
{
    /// <summary>The default listen address: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>The default schedule: nightly at 02:00.</summary>
    public const string DefaultSchedule = "0 2 * * *";

    /// <summary>The request header carrying the API key.</summary>
    public const string ApiKeyHeader = "x-api-key";

    /// <summary>Listen addresses.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrls];

    /// <summary>The API key every endpoint but <c>/healthz</c> requires; null for none (loopback only).</summary>
    public string? ApiKey { get; init; }

    /// <summary>Export traces and metrics to the console.</summary>
    public bool OtelConsole { get; init; }

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
        List<string> urls = urlsText.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
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
            try
            {
                schedule = CronExpression.Parse(scheduleText, CronFormat.Standard);
            }
            catch (CronFormatException ex)
            {
                throw new CliOptionException(
                    $"--schedule (Export:Schedule): '{scheduleText}' is not a 5-field cron expression ({ex.Message}); use e.g. \"0 2 * * *\" for 02:00 daily, or \"off\".", ex);
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
            Urls = urls,
            ApiKey = apiKey,
            OtelConsole = otel,
            Schedule = schedule,
            ScheduleText = scheduleText,
            ScheduleTimeZone = zone,
        };
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

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"urls={string.Join(';', Urls)} apiKey={(ApiKey is null ? "none" : "set")} schedule={ScheduleText} tz={ScheduleTimeZone.Id}");
}
