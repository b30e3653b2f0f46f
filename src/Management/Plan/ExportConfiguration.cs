using System.Globalization;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.Configuration;

namespace MarketoExport.Management.Plan;

/// <summary>
/// Reads what to export from the <c>Export</c> configuration section, the same keys on every host (CLI flags and
/// environment variables map onto them): <c>Objects</c> (a comma list or an array), <c>Fields:&lt;object&gt;</c>,
/// <c>ProgramIds</c>, <c>ActivityTypeIds</c>, <c>Since</c>, <c>Until</c>. A value that is present but wrong is an
/// error naming the key, never a silent fallback to a default.
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

        return new ExportPlanDefaults
        {
            Objects = objects,
            Settings = settings,
            Since = Time(export, "Since", names.Since),
            Until = Time(export, "Until", names.Until),
            Names = names,
        };
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
