using System.Text;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Activities.Landing;

/// <summary>Deterministic landing names from object and window; nothing from Marketo ends up in a path.</summary>
public static class LandingNames
{
    /// <summary>The manifest's name.</summary>
    public const string Manifest = "manifest.jsonl";

    /// <summary>
    /// e.g. <c>leads/leads_20260101T000000Z_20260131T235959Z.csv</c>; with a <paramref name="folder"/> (a backfill's
    /// label), <c>leads/backfill-…/leads_….csv</c>, so a backfill never overwrites or mixes with the object's own files.
    /// </summary>
    public static string For(ExportObject exportObject, ExportWindow window, string? folder = null)
    {
        ArgumentNullException.ThrowIfNull(exportObject);
        ArgumentNullException.ThrowIfNull(window);
        string safe = Sanitize(exportObject.Name);
        string sub = string.IsNullOrEmpty(folder) ? string.Empty : Sanitize(folder) + "/";
        return $"{safe}/{sub}{safe}_{ExportWindow.Compact(window.Start)}_{ExportWindow.Compact(window.End)}.csv";
    }

    /// <summary>Keeps ASCII letters, digits, '_' and '-'; anything else (separators, dots, colons) becomes '_'.</summary>
    public static string Sanitize(string value)
    {
        var sb = new StringBuilder(value?.Length ?? 0);
        foreach (char c in value ?? string.Empty)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return sb.Length == 0 ? "_" : sb.ToString();
    }
}
