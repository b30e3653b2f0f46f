namespace MarketoExport.Cli.Json;

/// <summary>An exportable object.</summary>
/// <param name="Name">Its name (the checkpoint key, the Export:Fields key).</param>
/// <param name="Option">How --objects names it (e.g. <c>customObject:car_c</c>).</param>
/// <param name="DisplayName">Marketo's display name, for custom objects.</param>
/// <param name="Fields">Its fields; null for activities.</param>
public sealed record DiscoveredObject(string Name, string Option, string? DisplayName, IReadOnlyList<DiscoveredField>? Fields);
