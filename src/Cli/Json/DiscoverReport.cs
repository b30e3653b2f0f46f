namespace MarketoExport.Cli.Json;

/// <summary><c>discover --json</c>.</summary>
/// <param name="Objects">Every exportable object with its fields (activities have a fixed column set: no fields).</param>
/// <param name="ActivityTypes">The activity types (ids for --activity-type-ids).</param>
public sealed record DiscoverReport(IReadOnlyList<DiscoveredObject> Objects, IReadOnlyList<DiscoveredActivityType> ActivityTypes);
