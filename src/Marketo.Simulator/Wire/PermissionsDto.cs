namespace MarketoExport.Marketo.Simulator.Wire;

/// <summary><c>/_sim/permissions</c>: one flag per <see cref="SimulatorApiPermissions"/> area; POST changes the members given.</summary>
internal sealed record PermissionsDto(bool? Lead = null, bool? Activity = null, bool? CustomObject = null, bool? CustomObjectType = null);
