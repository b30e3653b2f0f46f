using System.Globalization;
using System.Net;
using System.Text;
using MarketoExport.Cli.Runs;
using MarketoExport.Management.Http;
using MarketoExport.Management.Http.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace MarketoExport.Cli.Server;

/// <summary>
/// The status page at <c>/</c>: server-rendered HTML refreshed by a meta tag (no script): recent runs with
/// per-object progress, bytes used of the daily export quota and API calls used today.
/// </summary>
public static class StatusPage
{
    /// <summary>Seconds between automatic refreshes.</summary>
    public const int RefreshSeconds = 5;

    /// <summary>Runs shown: the engine's (the latest) and the run log's before it.</summary>
    public const int MaxRuns = 10;

    /// <summary>Renders the page.</summary>
    public static async Task<IResult> RenderAsync(
        HttpRequest request, DurableTaskClient client, UsageSnapshotCache usage, ServerOptions options, ExportScheduler scheduler, ExportRuntime runtime,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scheduler);
        IReadOnlyList<ExportInstanceStatus> runs = await ExportStatusReader.QueryAsync(client, new OrchestrationQuery(), top: 10, cancellationToken);
        UsageSnapshot snapshot = await usage.GetAsync(cancellationToken);
        // Runs are singletons (one instance id): the engine holds the latest, the run log the ones before it.
        var live = runs.Select(r => r.CreatedTime).ToHashSet();
        IReadOnlyList<RunLogEntry> logged = RunLog.Read(runtime.Options.State, MaxRuns).Where(e => !live.Contains(e.CreatedAt)).Take(MaxRuns - runs.Count).ToList();
        return Results.Content(
            Render(runs, snapshot, options, scheduler.NextDue, request.PathBase.Value ?? string.Empty, logged, runtime.Options.DailyCallQuota),
            "text/html; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>The HTML for the given figures.</summary>
    public static string Render(
        IReadOnlyList<ExportInstanceStatus> runs, UsageSnapshot usage, ServerOptions options, DateTimeOffset? nextDue, string pathBase = "",
        IReadOnlyList<RunLogEntry>? logged = null, long dailyCallQuota = 50_000)
    {
        logged ??= [];
        string api = pathBase + ExportsApi.Prefix;
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(options);
        string schedule = options.Schedule is null ? "off" : $"{options.ScheduleText} ({options.ScheduleTimeZone.Id})";
        string next = nextDue is { } n ? $", next run {Iso(n)}" : string.Empty;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="{{RefreshSeconds}}">
            <title>Marketo export</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:24px;color:#1d2330;background:#f6f7f9}
            h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:24px 0 8px}
            .muted{color:#667} .cards{display:flex;gap:16px;flex-wrap:wrap}
            .card{background:#fff;border:1px solid #dde;border-radius:8px;padding:12px 16px;min-width:260px}
            .bar{height:10px;background:#e4e7ee;border-radius:5px;overflow:hidden;margin-top:6px} .bar>div{height:100%;background:#3b82f6}
            table{border-collapse:collapse;background:#fff;width:100%;margin-top:6px}
            th,td{border:1px solid #dde;padding:5px 8px;text-align:left;font-size:13px} th{background:#eef0f5}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            .s-Completed{color:#15803d;font-weight:600} .s-Failed,.s-Terminated{color:#b91c1c;font-weight:600} .s-Running,.s-Pending{color:#1d4ed8;font-weight:600}
            .err{color:#b91c1c}
            </style></head><body>
            <h1>Marketo export</h1>
            <div class="muted">Refreshes every {{RefreshSeconds}} s. Schedule: {{E(schedule)}}{{E(next)}}. API: <code>{{E(api)}}</code>.</div>
            <h2>Marketo usage today</h2><div class="cards">
            """);

        html.Append("<div class=\"card\" id=\"quota\"><b>Bulk export quota</b><br>");
        if (usage.ExportBytesToday is { } bytes)
        {
            double pct = usage.ExportQuotaBytes <= 0 ? 0 : Math.Min(100, 100.0 * bytes / usage.ExportQuotaBytes);
            html.Append(CultureInfo.InvariantCulture, $"{Size(bytes)} of {Size(usage.ExportQuotaBytes)} ({pct:0.#} %)<div class=\"bar\"><div style=\"width:{pct:0.#}%\"></div></div>");
        }
        else
        {
            html.Append("<span class=\"err\">unavailable</span>");
        }

        html.Append("</div><div class=\"card\" id=\"calls\"><b>API calls</b><br>");
        html.Append(usage.ApiCallsToday is { } calls
            ? string.Create(CultureInfo.InvariantCulture, $"{calls:N0} of {dailyCallQuota:N0} (daily quota)")
            : "<span class=\"err\">unavailable</span>");
        html.Append(CultureInfo.InvariantCulture, $"</div></div><div class=\"muted\">Read from Marketo at {E(Iso(usage.FetchedAt))}.</div>");
        if (usage.Error is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"err\" id=\"usage-error\">Marketo usage could not be read: {E(usage.Error)}</div>");
        }

        html.Append("<h2>Recent runs</h2>");
        if (runs.Count == 0 && logged.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">No runs yet. Start one: <code>curl -X POST http://HOST{E(api)}</code></p>");
        }

        foreach (ExportInstanceStatus run in runs)
        {
            // "Updated" moves with every step of every object, not only when the run itself records an object's end.
            DateTimeOffset updated = run.Objects.Select(o => o.LastUpdatedTime ?? run.LastUpdatedTime).Append(run.LastUpdatedTime).Max();
            html.Append(CultureInfo.InvariantCulture, $"""
                <div class="card run"><b>{E(run.InstanceId)}</b> <span class="s-{E(run.RuntimeStatus)}">{E(run.RuntimeStatus)}</span>
                <span class="muted">created {E(Iso(run.CreatedTime))}, updated <span class="updated">{E(Iso(updated))}</span></span>
                """);

            // Each failure once: the run's message is its objects' messages joined; show it only when it says more.
            string? failure = run.FailureDetails?.ErrorMessage;
            if (failure is not null && !run.Objects.Any(o => o.Note is { Length: > 0 } note && failure.Contains(note, StringComparison.Ordinal)))
            {
                html.Append(CultureInfo.InvariantCulture, $"<div class=\"err\">{E(failure)}</div>");
            }

            html.Append("<table><tr><th>Object</th><th>Outcome</th><th>Phase</th><th>Window</th><th>Range</th><th>Records</th><th>Bytes</th><th>Note</th></tr>");
            foreach (ObjectProgress o in run.Objects)
            {
                bool running = o.Outcome is "Running" or "Pending";
                string window = o.WindowCount > 0 ? string.Create(CultureInfo.InvariantCulture, $"{o.WindowIndex}/{o.WindowCount}") : "-";
                html.Append(CultureInfo.InvariantCulture, $"""
                    <tr><td>{E(o.Object)}</td><td class="s-{E(o.Outcome)}">{E(o.Outcome)}</td><td>{E(running ? o.Phase ?? "-" : "-")}</td><td>{window}</td><td>{E(o.Window ?? "-")}</td><td class="n">{o.Records:N0}</td><td class="n">{Size(o.Bytes)}</td><td>{E(o.Note ?? string.Empty)}</td></tr>
                    """);
            }

            html.Append("</table></div>");
        }

        foreach (RunLogEntry entry in logged)
        {
            string kind = entry.Backfill is null ? entry.InstanceId : $"{entry.InstanceId} ({entry.Backfill})";
            html.Append(CultureInfo.InvariantCulture, $"""
                <div class="card run logged"><b>{E(kind)}</b> <span class="s-{E(entry.Status)}">{E(entry.Status)}</span>
                <span class="muted">created {E(Iso(entry.CreatedAt))}, finished {E(Iso(entry.FinishedAt))}, by {E(entry.Trigger)}</span>
                """);
            if (entry.Failure is { } failed && !entry.Objects.Any(o => o.Message is { Length: > 0 } note && failed.Contains(note, StringComparison.Ordinal)))
            {
                html.Append(CultureInfo.InvariantCulture, $"<div class=\"err\">{E(failed)}</div>");
            }

            html.Append("<table><tr><th>Object</th><th>Outcome</th><th>Windows</th><th>Records</th><th>Bytes</th><th>High-water mark</th><th>Note</th></tr>");
            foreach (RunLogObject o in entry.Objects)
            {
                string mark = o.HighWaterMark is { } h ? Iso(new DateTimeOffset(DateTime.SpecifyKind(h, DateTimeKind.Utc))) : "-";
                html.Append(CultureInfo.InvariantCulture, $"""
                    <tr><td>{E(o.Object)}</td><td class="s-{E(o.Outcome)}">{E(o.Outcome)}</td><td class="n">{o.Windows}</td><td class="n">{o.Records:N0}</td><td class="n">{Size(o.Bytes)}</td><td>{E(mark)}</td><td>{E(o.Message ?? string.Empty)}</td></tr>
                    """);
            }

            html.Append("</table></div>");
        }

        html.Append("</body></html>");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.##} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.##} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
