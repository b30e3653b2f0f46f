using MarketoExport.Cli.Json;
using MarketoExport.Marketo;
using MarketoExport.Marketo.CustomObjects;
using MarketoExport.Marketo.Describe;
using MarketoExport.Marketo.Errors;
using Spectre.Console;

namespace MarketoExport.Cli;

/// <summary>
/// <c>discover</c>: what this Marketo can export, in the words the options take: leads and program members with every
/// field Marketo describes, activities with their types (ids for <c>--activity-type-ids</c>), every custom object
/// (<c>customObject:NAME</c>) with its fields. A permission the API user lacks is reported, and the rest still listed.
/// </summary>
public static class DiscoverCommand
{
    /// <summary>Lists the catalog; returns the exit code.</summary>
    public static async Task<int> RunAsync(ExportRuntime runtime, CliOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(output);
        IMarketoClient marketo = runtime.Services.GetRequiredService<IMarketoClient>();
        var objects = new List<DiscoveredObject>();
        var denied = new List<string>();

        IReadOnlyList<DiscoveredField>? leadFields = await TryAsync(async () => Fields((await marketo.DescribeLeadFieldsAsync(cancellationToken)).Fields), "Read-Only Lead (leads)", denied);
        IReadOnlyList<DiscoveredField>? memberFields = await TryAsync(async () => Fields((await marketo.DescribeProgramMemberFieldsAsync(cancellationToken)).Fields), "Read-Only Lead (program members)", denied);
        IReadOnlyList<ActivityType>? types = await TryAsync(() => marketo.GetActivityTypesAsync(cancellationToken), "Read-Only Activity (activity types)", denied);
        if (leadFields is not null)
        {
            objects.Add(new DiscoveredObject("leads", "leads", null, leadFields));
        }

        if (types is not null)
        {
            objects.Add(new DiscoveredObject("activities", "activities", null, null));
        }

        if (memberFields is not null)
        {
            objects.Add(new DiscoveredObject("programMembers", "programMembers", null, memberFields));
        }

        IReadOnlyList<CustomObjectMetadata>? customObjects = await TryAsync(() => marketo.ListCustomObjectTypesAsync(null, cancellationToken), "Read-Write Custom Object (custom objects)", denied);
        foreach (CustomObjectMetadata type in customObjects ?? [])
        {
            CustomObjectMetadata? described = await marketo.DescribeCustomObjectAsync(type.Name, cancellationToken);
            objects.Add(new DiscoveredObject(type.Name, $"customObject:{type.Name}", type.DisplayName,
                described is null ? [] : described.Fields.Select(f => new DiscoveredField(f.Name, f.DisplayName, f.DataType)).ToList()));
        }

        List<DiscoveredActivityType> activityTypes = (types ?? []).OrderBy(t => t.Id).Select(t => new DiscoveredActivityType(t.Id, t.Name, t.Description)).ToList();
        if (output.Json)
        {
            output.WriteJson(new DiscoverReport(objects, activityTypes), CliJsonContext.Default.DiscoverReport);
        }
        else
        {
            Print(output, objects, activityTypes);
        }

        foreach (string permission in denied)
        {
            output.Warn($"not listed: the API user's role lacks {permission} (Marketo answered 603). Admin > Users & Roles > Roles > Access API.");
        }

        return ExitCodes.Success;
    }

    private static void Print(CliOutput output, List<DiscoveredObject> objects, List<DiscoveredActivityType> activityTypes)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Exportable objects (--objects)");
        table.AddColumn("--objects");
        table.AddColumn("Display name");
        table.AddColumn("Fields");
        foreach (DiscoveredObject o in objects)
        {
            table.AddRow(Markup.Escape(o.Option), Markup.Escape(o.DisplayName ?? string.Empty), o.Fields is null ? $"fixed columns; {activityTypes.Count} activity types" : $"{o.Fields.Count}");
        }

        output.Write(table);
        foreach (DiscoveredObject o in objects.Where(o => o.Fields is { Count: > 0 }))
        {
            output.Note($"[bold]{Markup.Escape(o.Name)}[/] fields (--fields {Markup.Escape(o.Name)}=…): {Markup.Escape(string.Join(", ", o.Fields!.Select(f => f.Name)))}");
        }

        if (activityTypes.Count > 0)
        {
            var types = new Table().Border(TableBorder.Rounded).Title("Activity types (--activity-type-ids)");
            types.AddColumn("Id");
            types.AddColumn("Name");
            foreach (DiscoveredActivityType t in activityTypes)
            {
                types.AddRow(t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(t.Name));
            }

            output.Write(types);
        }

        output.Result(Markup.Escape($"{objects.Count} exportable object(s), {activityTypes.Count} activity type(s)."));
    }

    private static List<DiscoveredField> Fields(IReadOnlyList<LeadDatabaseFieldMetadata> fields)
        => fields.Select(f => new DiscoveredField(f.Name, f.DisplayName, f.DataType)).ToList();

    private static async Task<T?> TryAsync<T>(Func<Task<T>> call, string permission, List<string> denied) where T : class
    {
        try
        {
            return await call();
        }
        catch (MarketoApiException ex) when (ex.Code == MarketoErrorCode.AccessDenied)
        {
            denied.Add(permission);
            return null;
        }
    }
}
