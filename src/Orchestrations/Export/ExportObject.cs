using System.Text.Json.Serialization;

namespace MarketoExport.Orchestrations.Export;

/// <summary>One object to export and the per-object settings Marketo needs for it.</summary>
/// <param name="Kind">What kind of entity.</param>
/// <param name="CustomObjectName">The custom object's API name; only for <see cref="ExportObjectKind.CustomObject"/>.</param>
public sealed record ExportObject(ExportObjectKind Kind, string? CustomObjectName = null)
{
    /// <summary>Fields to export (Marketo API names). Required by Marketo for everything but activities.</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    /// <summary>Activities only: restrict to these activity type ids.</summary>
    public IReadOnlyList<int>? ActivityTypeIds { get; init; }

    /// <summary>Program members only: the programs (1 to 10) whose members are exported.</summary>
    public IReadOnlyList<int>? ProgramIds { get; init; }

    /// <summary>
    /// The object's API name, used as the checkpoint key (the checkpoint custom object's dedupe field) and in
    /// instance ids: <c>leads</c>, <c>activities</c>, <c>programMembers</c>, or the custom object's API name.
    /// </summary>
    [JsonIgnore]
    public string Name => Kind switch
    {
        ExportObjectKind.Leads => "leads",
        ExportObjectKind.Activities => "activities",
        ExportObjectKind.ProgramMembers => "programMembers",
        _ => CustomObjectName ?? "customObject",
    };

    /// <summary>
    /// Parses one item of the <c>--objects</c> list: <c>leads</c>, <c>activities</c>, <c>programMembers</c> or
    /// <c>customObject:NAME</c> (case-insensitive kinds; NAME alphanumerics and underscore only).
    /// </summary>
    /// <returns>The object, or null with <paramref name="error"/> set.</returns>
    public static ExportObject? TryParse(string text, out string? error)
    {
        error = null;
        string item = (text ?? string.Empty).Trim();
        if (item.Equals("leads", StringComparison.OrdinalIgnoreCase))
        {
            return new ExportObject(ExportObjectKind.Leads);
        }

        if (item.Equals("activities", StringComparison.OrdinalIgnoreCase))
        {
            return new ExportObject(ExportObjectKind.Activities);
        }

        if (item.Equals("programMembers", StringComparison.OrdinalIgnoreCase))
        {
            return new ExportObject(ExportObjectKind.ProgramMembers);
        }

        const string prefix = "customObject:";
        if (item.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            string name = item[prefix.Length..];
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                error = $"'{item}': a custom object API name has letters, digits and underscores only (e.g. customObject:car_c)";
                return null;
            }

            return new ExportObject(ExportObjectKind.CustomObject, name);
        }

        error = $"'{item}' is not an export object; use leads, activities, programMembers or customObject:NAME";
        return null;
    }
}
