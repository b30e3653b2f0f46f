using System.Text;

namespace MarketoExport.TestHelpers;

/// <summary>
/// A strict RFC 4180 reader for landed and exported files: quoted fields may hold commas, doubled quotes, CR and LF; a
/// record ends at LF or CRLF. A quote inside an unquoted field, text after a closing quote or an unterminated quoted
/// field throws <see cref="FormatException"/>, so a malformed file fails the test that reads it.
/// </summary>
public static class Rfc4180
{
    /// <summary>Every record of the UTF-8 <paramref name="utf8"/>, header included.</summary>
    public static List<string[]> Parse(byte[] utf8) => Parse(Encoding.UTF8.GetString(utf8));

    /// <summary>Every record of <paramref name="text"/>, header included.</summary>
    public static List<string[]> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<string[]>();
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
                    records.Add([.. record]);
                    record.Clear();
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
            records.Add([.. record]);
        }

        return records;
    }

    /// <summary>
    /// The values of the column the header names <paramref name="column"/>, one per data record. An empty file has no
    /// header, so it throws like a header without the column.
    /// </summary>
    public static List<string> Column(string text, string column)
    {
        List<string[]> rows = Parse(text);
        int index = rows.Count == 0 ? -1 : Array.IndexOf(rows[0], column);
        if (index < 0)
        {
            throw new FormatException($"No column '{column}' in the header: {(rows.Count == 0 ? "(empty file)" : string.Join(",", rows[0]))}.");
        }

        return rows.Skip(1).Select(r => r[index]).ToList();
    }

    /// <summary>The first field of every data record (the record id in Marketo's exports), header skipped.</summary>
    public static List<string> FirstColumn(string text) => Parse(text).Skip(1).Select(r => r[0]).ToList();
}
