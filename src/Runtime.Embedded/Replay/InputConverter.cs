using System.Text.Json;

namespace MarketoExport.Runtime.Embedded.Replay;

/// <summary>Deserializes orchestrator and activity inputs to their declared type.</summary>
internal static class InputConverter
{
    /// <summary>The input as <paramref name="type"/>; a missing input becomes the type's default (0 for an int, not null).</summary>
    public static object? Deserialize(string? json, Type type, JsonSerializerOptions options)
    {
        object? value = json is null or "null" ? null : JsonSerializer.Deserialize(json, type, options);
        return value is null && type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : value;
    }
}
