using System.Globalization;

namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// One export window: both ends inclusive, whole seconds, UTC (Marketo's date-range filter semantics).
/// Consecutive windows are <c>[s, e]</c> then <c>[e + 1 s, …]</c>: no gap and no overlap at second precision.
/// </summary>
/// <param name="Start">First second covered (UTC).</param>
/// <param name="End">Last second covered (UTC), inclusive.</param>
public sealed record ExportWindow(DateTime Start, DateTime End)
{
    /// <summary>Compact UTC form used in file names, e.g. <c>20260101T000000Z</c>.</summary>
    public static string Compact(DateTime utc) => utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>ISO-8601 UTC without milliseconds, as Marketo's filters want it.</summary>
    public static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => $"{Iso(Start)}..{Iso(End)}";
}
