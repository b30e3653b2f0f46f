namespace MarketoExport.Cli.Json;

/// <summary>A field as Marketo describes it.</summary>
/// <param name="Name">The REST API name (what --fields takes).</param>
/// <param name="DisplayName">The display name.</param>
/// <param name="DataType">Marketo's data type.</param>
public sealed record DiscoveredField(string Name, string? DisplayName, string DataType);
