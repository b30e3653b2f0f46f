using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace MarketoExport.Durable;

/// <summary>
/// The one JSON setup of orchestration inputs, outputs, custom status and event payloads: System.Text.Json with
/// <see cref="JsonSerializerDefaults.Web"/> (camelCase), shared by the worker and the client so the raw JSON in
/// the store is the same whichever side wrote it.
/// </summary>
public static class DurableJson
{
    /// <summary>The serializer options (read-only).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The data converter the worker and <see cref="DurableTaskCoreClient"/> use.</summary>
    public static DataConverter Converter { get; } = new JsonDataConverter(Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
