namespace MarketoExport.Marketo.Describe;

/// <summary>An attribute of an activity type.</summary>
/// <param name="Name">The display name (the key in the bulk file's <c>attributes</c> JSON).</param>
/// <param name="DataType">The data type.</param>
/// <param name="ApiName">The API name, when Marketo sends one.</param>
public sealed record ActivityTypeAttribute(string Name, string? DataType, string? ApiName = null);
