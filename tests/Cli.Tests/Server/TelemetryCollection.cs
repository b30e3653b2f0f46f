namespace MarketoExport.Cli.Tests.Server;

/// <summary>A collection that xunit runs with no other test in parallel (process-wide telemetry listeners).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Telemetry (runs alone)";
}
