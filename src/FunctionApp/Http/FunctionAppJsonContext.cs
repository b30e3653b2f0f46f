using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketoExport.FunctionApp.Http;

/// <summary>Source-generated JSON for the request bodies the HTTP functions read.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ExportRunStartRequest))]
internal sealed partial class FunctionAppJsonContext : JsonSerializerContext;
