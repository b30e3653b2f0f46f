using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketoExport.Cli.Runs;

/// <summary>Source-generated JSON of the run log: one compact line per run.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RunLogEntry))]
public sealed partial class RunLogJsonContext : JsonSerializerContext;
