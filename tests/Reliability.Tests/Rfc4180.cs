using System.Text;

namespace MarketoExport.Reliability.Tests;

/// <summary>A strict RFC 4180 reader (quoted fields may hold commas, doubled quotes, CR and LF).</summary>
internal static class Rfc4180
{
    /// <summary>Every record of <paramref name="text"/>, header included. Throws on a malformed quote.</summary>
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        bool inQuotes = false;
        bool quotedField = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !quotedField:
                    inQuotes = true;
                    quotedField = true;
                    break;
                case '"':
                    throw new FormatException($"Stray quote at offset {i}.");
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    quotedField = false;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n':
                    record.Add(field.ToString());
                    records.Add(record);
                    record = [];
                    field.Clear();
                    quotedField = false;
                    break;
                default:
                    if (quotedField)
                    {
                        throw new FormatException($"Text after a closing quote at offset {i}.");
                    }

                    field.Append(c);
                    break;
            }
        }

        if (inQuotes)
        {
            throw new FormatException("Unterminated quoted field at the end of the file.");
        }

        if (field.Length > 0 || record.Count > 0 || quotedField)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }

    /// <summary>The values of column <paramref name="column"/> of every data record (header skipped).</summary>
    public static List<string> Column(string text, string column)
    {
        List<List<string>> rows = Parse(text);
        if (rows.Count == 0)
        {
            return [];
        }

        int index = rows[0].IndexOf(column);
        if (index < 0)
        {
            throw new FormatException($"No column '{column}' in header {string.Join(",", rows[0])}.");
        }

        return rows.Skip(1).Select(r => r[index]).ToList();
    }
}
