namespace MarketoExport.Cli.Json;

/// <summary>An activity type.</summary>
/// <param name="Id">Its id (what --activity-type-ids takes).</param>
/// <param name="Name">Its name.</param>
/// <param name="Description">Marketo's description.</param>
public sealed record DiscoveredActivityType(int Id, string Name, string? Description);
