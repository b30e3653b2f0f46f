using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketoExport.Cli.Json;

/// <summary>Source-generated JSON for the documented <c>--json</c> outputs (src/Cli/README.md#json-output).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RunReport))]
[JsonSerializable(typeof(CheckpointsReport))]
[JsonSerializable(typeof(CheckReport))]
[JsonSerializable(typeof(DiscoverReport))]
[JsonSerializable(typeof(ErrorReport))]
public sealed partial class CliJsonContext : JsonSerializerContext;
