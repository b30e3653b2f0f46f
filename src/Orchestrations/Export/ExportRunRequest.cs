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

    /// <summary>
    /// A backfill's label (e.g. <c>backfill-20250101T000000Z-20251231T235959Z</c>), null for a normal run. Each object of a
    /// backfill keeps its progress in its own checkpoint record, <c>&lt;object&gt;@&lt;label&gt;</c>, and lands under
    /// <c>&lt;object&gt;/&lt;label&gt;/</c>: the object's own high-water mark and files are not touched.
    /// </summary>
    public string? Backfill { get; init; }
}
