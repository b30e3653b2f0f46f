namespace MarketoExport.Marketo.Simulator.Engine;

/// <summary>
/// Which role permission a <c>/rest</c> or <c>/bulk</c> path needs (SW-mapi lists one per endpoint: Read-Only Lead
/// for lead and program-member describe and their bulk exports, Read-Only Activity, Custom Object, Custom Object
/// Type; the stats need none).
/// </summary>
internal static class PermissionRules
{
    public static SimulatorApiPermissions Required(string path)
    {
        if (Under(path, "/rest/v1/customobjects/schema.json") || Under(path, "/rest/v1/customobjects/schema/"))
        {
            return SimulatorApiPermissions.CustomObjectType;
        }

        if (Under(path, "/rest/v1/customobjects") || Under(path, "/bulk/v1/customobjects/"))
        {
            return SimulatorApiPermissions.CustomObject;
        }

        if (Under(path, "/rest/v1/leads/") || Under(path, "/rest/v1/programs/members/")
            || Under(path, "/bulk/v1/leads/") || Under(path, "/bulk/v1/program/members/"))
        {
            return SimulatorApiPermissions.Lead;
        }

        if (Under(path, "/rest/v1/activities/") || Under(path, "/bulk/v1/activities/"))
        {
            return SimulatorApiPermissions.Activity;
        }

        return SimulatorApiPermissions.None;
    }

    /// <summary>Whether a user with <paramref name="granted"/> may call <paramref name="path"/>.</summary>
    public static bool Allows(SimulatorApiPermissions granted, string path)
    {
        var required = Required(path);
        return (granted & required) == required;
    }

    private static bool Under(string path, string prefix) => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
}
