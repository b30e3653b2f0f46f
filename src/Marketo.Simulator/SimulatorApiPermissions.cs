namespace MarketoExport.Marketo.Simulator;

/// <summary>
/// The role permissions of the simulated API user, grouped by the areas the simulator serves. A call into an area
/// the user lacks is answered with 603 "Access denied" (HTTP 200), as Marketo does for a role without the permission.
/// </summary>
[Flags]
public enum SimulatorApiPermissions
{
    /// <summary>No permission: only the usage/error stats (which need none) answer.</summary>
    None = 0,

    /// <summary>Read-Only Lead: lead and program-member describe, bulk lead and program-member export.</summary>
    Lead = 1,

    /// <summary>Read-Only Activity: activity types and bulk activity export.</summary>
    Activity = 2,

    /// <summary>Read-Write Custom Object: custom object list, describe, query, sync, delete and bulk export.</summary>
    CustomObject = 4,

    /// <summary>Read-Write Custom Object Type: the custom object schema (metadata) API.</summary>
    CustomObjectType = 8,

    /// <summary>Every permission (the default).</summary>
    All = Lead | Activity | CustomObject | CustomObjectType,
}
