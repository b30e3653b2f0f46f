using System.Globalization;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.Configuration;

namespace MarketoExport.Management.Plan;

/// <summary>
/// Reads what to export from the <c>Export</c> configuration section, the same keys on every host (CLI flags and
/// environment variables map onto them): <c>Objects</c> (a comma list or an array), <c>Fields:&lt;object&gt;</c>,
/// <c>ProgramIds</c>, <c>ActivityTypeIds</c>, <c>Since</c>, <c>Until</c>, <c>DailyCallQuota</c>,
/// <c>AllowLargeBackfill</c>. A value that is present but wrong is an error naming the key, never a silent fallback
/// to a default.
/// </summary>
public static class ExportConfiguration
{
    /// <summary>The objects exported when <c>Export:Objects</c> is absent.</summary>
    public const string DefaultObjects = "leads,activities";

    /// <summary>Reads the plan defaults.</summary>
    /// <param name="export">The <c>Export</c> section.</param>
    /// <param name="settings">The run settings of this host.</param>
    /// <param name="names">How this host names the keys in messages.</param>
    /// <exception cref="ExportPlanException">A key is present but invalid; the message names it.</exception>
    public static ExportPlanDefaults Read(IConfigurationSection export, ExportSettings settings, PlanFieldNames names)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(names);
        var objects = new List<ExportObject>();
        foreach (string item in ObjectNames(export.GetSection("Objects"), names))
        {
            ExportObject parsed = ExportObject.TryParse(item, out string? error)
                ?? throw new ExportPlanException($"{names.Objects}: {error}.");
            if (objects.Any(x => x.Name == parsed.Name))
            {
                throw new ExportPlanException($"{names.Objects}: '{item}' is listed twice; list each object once.");
            }

            objects.Add(WithObjectSettings(parsed, export, names));
        }

        DateTime? since = Time(export, "Since", names.Since);
        DateTime? until = Time(export, "Until", names.Until);
        if (since is { } from && until is { } to && to < from)
        {
            throw new ExportPlanException($"{names.Until}: {IsoTime.Format(to)} is before {names.Since} {IsoTime.Format(from)}; give an end after the start.");
        }

        long dailyCallQuota = 50_000;
        if (export["DailyCallQuota"] is { Length: > 0 } quotaText
            && (!long.TryParse(quotaText, NumberStyles.None, CultureInfo.InvariantCulture, out dailyCallQuota) || dailyCallQuota < 1))
        {
            throw new ExportPlanException(
                $"{names.DailyCallQuota}: '{quotaText}' is not a positive number of API calls; Marketo's default is 50000 (Admin > Web Services shows the instance's).");
        }

        bool allowLarge = false;
        if (export["AllowLargeBackfill"] is { Length: > 0 } allowText && !bool.TryParse(allowText, out allowLarge))
        {
            throw new ExportPlanException($"{names.AllowLargeBackfill}: '{allowText}' is not true or false.");
        }

        return new ExportPlanDefaults
        {
            Objects = objects,
            Settings = settings,
            Since = since,
            Until = until,
            Names = names,
            DailyCallQuota = dailyCallQuota,
            AllowLargeBackfill = allowLarge,
        };
    }

    /// <summary>
    /// The run settings: <c>Export:Settings:*</c> bound onto the Marketo-paced defaults (every <see cref="ExportSettings"/>
    /// property, e.g. <c>Export__Settings__DailyExportQuotaBytes</c>), then the two shortcuts the CLI also has as flags:
    /// <c>Export:PollSeconds</c> (the first status poll's delay) and <c>Export:QuotaBehavior</c> (stop | wait).
    /// </summary>
    /// <exception cref="ExportPlanException">A value does not parse or is out of range; the message names the key.</exception>
    public static ExportSettings ReadSettings(IConfigurationSection export)
    {
        ArgumentNullException.ThrowIfNull(export);
        ExportSettings settings;
        try
        {
            settings = export.GetSection("Settings").Get<ExportSettings>(o => o.ErrorOnUnknownConfiguration = true) ?? new ExportSettings();
        }
        catch (InvalidOperationException ex)
        {
            throw new ExportPlanException($"Export:Settings: {ex.Message.ReplaceLineEndings(" ")} Use the names and formats of docs (e.g. Export__Settings__PollMaxDelay=00:01:30).", ex);
        }

        if (export["PollSeconds"] is { Length: > 0 } p)
        {
            if (!double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !double.IsFinite(seconds) || seconds < 0.01 || seconds > 3600)
            {
                throw new ExportPlanException($"--poll-seconds (Export:PollSeconds): '{p}' is not a number of seconds from 0.01 to 3600; Marketo refreshes job status about once a minute.");
            }

            settings = settings with { PollFirstDelay = TimeSpan.FromSeconds(seconds) };
        }

        if (export["QuotaBehavior"] is { Length: > 0 } q)
        {
            settings = settings with
            {
                QuotaBehavior = q.Trim().ToLowerInvariant() switch
                {
                    "stop" => QuotaBehavior.Stop,
                    "wait" => QuotaBehavior.Wait,
                    _ => throw new ExportPlanException($"--quota (Export:QuotaBehavior): '{q}' is not stop or wait."),
                },
            };
        }

        return Validated(settings);
    }

    /// <summary>
    /// Refuses settings the Durable Task SDK or the Marketo limits would reject at run time (a retry policy whose maximum
    /// interval is below its first, a window over 31 days, …), naming the key.
    /// </summary>
    /// <exception cref="ExportPlanException">A setting is out of range.</exception>
    public static ExportSettings Validated(ExportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<string>();
        void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"Export:Settings:{name} must be more than zero (it is {value}).");
            }
        }

        Positive(settings.PollFirstDelay, nameof(ExportSettings.PollFirstDelay));
        Positive(settings.PollMaxDelay, nameof(ExportSettings.PollMaxDelay));
        Positive(settings.PollTimeout, nameof(ExportSettings.PollTimeout));
        Positive(settings.ApiRetryFirstInterval, nameof(ExportSettings.ApiRetryFirstInterval));
        Positive(settings.QueueFullDelay, nameof(ExportSettings.QueueFullDelay));
        if (settings.ApiRetryMaxInterval < settings.ApiRetryFirstInterval)
        {
            problems.Add($"Export:Settings:ApiRetryMaxInterval ({settings.ApiRetryMaxInterval}) is below ApiRetryFirstInterval ({settings.ApiRetryFirstInterval}); the retry policy needs max >= first.");
        }

        if (settings.PollBackoff < 1)
        {
            problems.Add($"Export:Settings:PollBackoff must be at least 1 (it is {settings.PollBackoff}).");
        }

        if (settings.MaxWindowDays is < 1 or > WindowPlanner.MaxWindowDays)
        {
            problems.Add($"Export:Settings:MaxWindowDays must be 1 to {WindowPlanner.MaxWindowDays} (Marketo's filter limit); it is {settings.MaxWindowDays}.");
        }

        if (settings.MaxConcurrentObjects is < 1 or > 2)
        {
            problems.Add($"Export:Settings:MaxConcurrentObjects must be 1 or 2 (Marketo processes 2 export jobs per subscription); it is {settings.MaxConcurrentObjects}.");
        }

        if (settings.ApiRetryAttempts < 1 || settings.MaxJobAttempts < 1)
        {
            problems.Add("Export:Settings:ApiRetryAttempts and MaxJobAttempts must be at least 1.");
        }

        if (settings.DailyExportQuotaBytes < 0)
        {
            problems.Add($"Export:Settings:DailyExportQuotaBytes must be 0 (no pre-check) or more; it is {settings.DailyExportQuotaBytes}.");
        }

        return problems.Count == 0 ? settings : throw new ExportPlanException(string.Join(" ", problems));
    }

    /// <summary>The object names of <c>Export:Objects</c>: a comma list, or an array (<c>Export__Objects__0=leads</c>).</summary>
    public static IReadOnlyList<string> ObjectNames(IConfigurationSection objects, PlanFieldNames names)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(names);
        List<IConfigurationSection> items = objects.GetChildren().ToList();
        IEnumerable<string> values;
        if (items.Count > 0)
        {
            values = items.OrderBy(c => int.TryParse(c.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) ? i : int.MaxValue)
                .Select(c => c.Value ?? string.Empty);
        }
        else if (objects.Value is null)
        {
            values = DefaultObjects.Split(',');
        }
        else
        {
            values = objects.Value.Split(',');
        }

        List<string> list = values.Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        if (list.Count == 0)
        {
            throw new ExportPlanException(
                $"{names.Objects} is empty; list at least one of leads, activities, programMembers, customObject:NAME (or leave it out for {DefaultObjects}).");
        }

        return list;
    }

    private static ExportObject WithObjectSettings(ExportObject o, IConfigurationSection export, PlanFieldNames names)
    {
        IReadOnlyList<string>? fields = List(export.GetSection($"Fields:{o.Name}")) is { } f
            ? f.Count > 0 ? f : throw new ExportPlanException($"Export:Fields:{o.Name} is empty; list the fields to export, or leave it out for the defaults.")
            : null;
        List<int>? programIds = o.Kind == ExportObjectKind.ProgramMembers ? Ints(export, "ProgramIds", names.ProgramIds) : null;
        if (o.Kind == ExportObjectKind.ProgramMembers && programIds is not { Count: >= 1 and <= 10 })
        {
            throw new ExportPlanException(
                $"{names.Objects}: programMembers needs 1 to 10 program ids ({names.ProgramIds}), e.g. 1001,1002; {programIds?.Count ?? 0} given.");
        }

        return o with
        {
            Fields = fields,
            ProgramIds = programIds,
            ActivityTypeIds = o.Kind == ExportObjectKind.Activities ? Ints(export, "ActivityTypeIds", "Export:ActivityTypeIds") : null,
        };
    }

    private static List<int>? Ints(IConfigurationSection export, string key, string name)
    {
        if (List(export.GetSection(key)) is not { } items)
        {
            return null;
        }

        var list = new List<int>();
        foreach (string part in items)
        {
            list.Add(int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0
                ? v
                : throw new ExportPlanException($"{name}: '{part}' is not a positive integer id; give a comma list such as 1001,1002."));
        }

        return list;
    }

    // A comma list or an array; null when the key is absent.
    private static List<string>? List(IConfigurationSection section)
    {
        List<IConfigurationSection> items = section.GetChildren().ToList();
        if (items.Count > 0)
        {
            return items.Select(c => (c.Value ?? string.Empty).Trim()).Where(v => v.Length > 0).ToList();
        }

        return section.Value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    private static DateTime? Time(IConfigurationSection export, string key, string name)
    {
        string? text = export[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return IsoTime.TryParse(text, out DateTimeOffset value)
            ? value.UtcDateTime
            : throw new ExportPlanException($"{name}: '{text}' is not an ISO-8601 time; use e.g. {IsoTime.Example} (or a date, 2026-01-01).");
    }
}
