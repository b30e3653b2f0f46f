using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketoExport.Management.Http.Wire;

/// <summary>Source-generated JSON for the management API's wire models.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CheckStatusPayload))]
[JsonSerializable(typeof(ExportInstanceStatus))]
[JsonSerializable(typeof(IReadOnlyList<ExportInstanceStatus>))]
[JsonSerializable(typeof(PurgePayload))]
public sealed partial class ManagementJsonContext : JsonSerializerContext;
