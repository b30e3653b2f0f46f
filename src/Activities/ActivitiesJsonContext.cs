using System.Text.Json;
using System.Text.Json.Serialization;
using MarketoExport.Activities.Landing;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Activities;

/// <summary>Source-generated JSON for the manifest and the alert payload.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ManifestEntry))]
[JsonSerializable(typeof(AlertRequest))]
internal sealed partial class ActivitiesJsonContext : JsonSerializerContext
{
}
