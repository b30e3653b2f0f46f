using System.Globalization;

namespace MarketoExport.Management.Plan;

/// <summary>
/// The time formats the CLI, configuration and HTTP API accept: ISO-8601 only, so "01/02/2026" is never read in one
/// country's order. A date alone is midnight UTC; a time without an offset is UTC (as Marketo reads it).
/// </summary>
public static class IsoTime
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>An example to show in messages.</summary>
    public const string Example = "2026-01-01T00:00:00Z";

    /// <summary>Parses <paramref name="text"/> as one of the accepted forms.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
        => DateTimeOffset.TryParseExact(
            text?.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    /// <summary>Formats a UTC time the way messages show it (seconds, Z).</summary>
    public static string Format(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
