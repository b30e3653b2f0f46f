using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketoExport.Host.Server.Wire;

/// <summary>Source-generated JSON for the server's wire models.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CheckStatusPayload))]
[JsonSerializable(typeof(ExportInstanceStatus))]
[JsonSerializable(typeof(IReadOnlyList<ExportInstanceStatus>))]
[JsonSerializable(typeof(StartExportBody))]
[JsonSerializable(typeof(PurgeResult))]
public sealed partial class ServerJsonContext : JsonSerializerContext;
