namespace MarketoExport.Orchestrations.Export;

/// <summary>The input of <see cref="ExportRunOrchestrator"/>: the plan of one run.</summary>
/// <param name="Objects">Objects to export, in priority order.</param>
/// <param name="Settings">Tunables.</param>
public sealed record ExportRunRequest(IReadOnlyList<ExportObject> Objects, ExportSettings Settings)
{
    /// <summary>Where a first run (no checkpoint yet) starts; null for now minus the default lookback.</summary>
    public DateTime? Since { get; init; }

    /// <summary>Optional explicit range end (inclusive); null for now minus the safety lag.</summary>
    public DateTime? Until { get; init; }
}
