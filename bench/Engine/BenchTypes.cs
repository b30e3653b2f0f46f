using System.Text.Json.Serialization;

namespace MarketoExport.Bench.Engine;

internal sealed record MachineInfo(int ProcessorCount, string CpuModel, string Os, string Runtime, string LoadAverage);

internal sealed record Measurement(string Name, double PlainMedianMicroseconds, double EngineMedianMicroseconds, double OverheadMicroseconds, double EngineP90Microseconds);

internal sealed record BenchResult(DateTimeOffset RanAt, MachineInfo Machine, int Iterations, int StepsPerInstance, Measurement Activity, Measurement Timer);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BenchResult))]
internal sealed partial class BenchJson : JsonSerializerContext;
