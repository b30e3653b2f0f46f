using System.Text;

namespace MarketoExport.AzureStorage.Tests.ScaleOut;

/// <summary>Reads one column of an RFC 4180 file (quoted fields may hold the delimiter, doubled quotes and line breaks).</summary>
internal static class Csv
{
    /// <summary>The values of <paramref name="column"/> in every data row (the header names the columns).</summary>
    public static List<string> Column(string text, string column)
    {
        List<List<string>> rows = Rows(text);
        int index = rows.Count == 0 ? -1 : rows[0].IndexOf(column);
        if (index < 0)
        {
            throw new FormatException($"No column '{column}' in the header: {(rows.Count == 0 ? "(empty file)" : string.Join(",", rows[0]))}.");
        }

        return rows.Skip(1).Select(r => r[index]).ToList();
    }

    private static List<List<string>> Rows(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
