using System.Globalization;

namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// The in-flight export id recorded just before a job is created: <c>pending@&lt;UTC time&gt;</c>. Marketo has no
/// idempotency key for create, so a run that finds this marker (it crashed while creating) adopts the Created job
/// made after that time instead of creating a second one.
/// </summary>
public static class PendingCreate
{
    private const string Prefix = "pending@";

    /// <summary>The marker for a create starting at <paramref name="utc"/>.</summary>
    public static string Format(DateTime utc) => Prefix + ExportWindow.Iso(WindowPlanner.FloorToSecond(utc));

    /// <summary>True (with the time) when <paramref name="inFlightExportId"/> is a marker.</summary>
    public static bool TryParse(string? inFlightExportId, out DateTime markedAt)
    {
        markedAt = default;
        if (inFlightExportId is null || !inFlightExportId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (!DateTime.TryParse(inFlightExportId[Prefix.Length..], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime at))
        {
            return false;
        }

        markedAt = DateTime.SpecifyKind(at, DateTimeKind.Utc);
        return true;
    }
}
