using System.Text.Json;
using MarketoExport.Management.Plan;
using Microsoft.AspNetCore.Http;

namespace MarketoExport.Management.Http;

/// <summary>
/// Reads the optional JSON body of a start request strictly: an object with only <c>objects</c> (array of names),
/// <c>since</c> / <c>until</c> (ISO-8601 strings) and <c>allowLargeBackfill</c> (boolean). A misspelt field is an error
/// naming it, never ignored (an ignored <c>"objectz"</c> would export every object).
/// </summary>
public static class StartBodyReader
{
    /// <summary>A start body is a few hundred bytes; anything near this is not one.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly string[] Fields = ["objects", "since", "until", "allowLargeBackfill"];

    /// <summary>The request's overrides, or null when it has no body.</summary>
    /// <exception cref="StartBodyException">The body is not a valid start request; the message names the field.</exception>
    public static async Task<ExportPlanRequest?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength is 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0))
        {
            return null;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            throw new StartBodyException(StatusCodes.Status413PayloadTooLarge,
                $"The body is {request.ContentLength:N0} bytes; a start request is a small JSON object (at most {MaxBodyBytes:N0} bytes).");
        }

        byte[] bytes = await ReadLimitedAsync(request.Body, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return null;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new StartBodyException(400,
                $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}); send e.g. {{\"objects\":[\"leads\"],\"since\":\"{IsoTime.Example}\"}} or no body.");
        }

        using (doc)
        {
            return Parse(doc.RootElement);
        }
    }

    /// <summary>Parses a start body already read as JSON.</summary>
    /// <exception cref="StartBodyException">The body is not a valid start request.</exception>
    public static ExportPlanRequest Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new StartBodyException(400, $"The body must be a JSON object such as {{\"objects\":[\"leads\"]}}, not a {root.ValueKind.ToString().ToLowerInvariant()}.");
        }

        List<string>? objects = null;
        DateTimeOffset? since = null;
        DateTimeOffset? until = null;
        bool allowLarge = false;
        foreach (JsonProperty property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "objects":
                    objects = Names(property.Value);
                    break;
                case "since":
                    since = Time(property);
                    break;
                case "until":
                    until = Time(property);
                    break;
                case "allowLargeBackfill":
                    allowLarge = property.Value.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw new StartBodyException(400, "'allowLargeBackfill' must be true or false."),
                    };
                    break;
                default:
                    string? near = Fields.FirstOrDefault(f => Close(f, property.Name));
                    throw new StartBodyException(400,
                        $"'{property.Name}' is not a field of a start request" + (near is null ? string.Empty : $" (did you mean '{near}'?)")
                        + $"; the fields are {string.Join(", ", Fields)}.");
            }
        }

        return new ExportPlanRequest(objects, since, until) { AllowLargeBackfill = allowLarge };
    }

    private static List<string> Names(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new StartBodyException(400, "'objects' must be an array of object names, e.g. [\"leads\",\"activities\"].");
        }

        var names = new List<string>();
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                throw new StartBodyException(400, "'objects' must list object names as non-empty strings, e.g. [\"leads\",\"customObject:car_c\"].");
            }

            names.Add(item.GetString()!.Trim());
        }

        return names;
    }

    private static DateTimeOffset? Time(JsonProperty property)
    {
        if (property.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (property.Value.ValueKind == JsonValueKind.String && IsoTime.TryParse(property.Value.GetString(), out DateTimeOffset value))
        {
            return value;
        }

        throw new StartBodyException(400,
            $"'{property.Name}': {property.Value.GetRawText()} is not an ISO-8601 time; use e.g. \"{IsoTime.Example}\" (or a date, \"2026-01-01\").");
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > MaxBodyBytes)
            {
                throw new StartBodyException(StatusCodes.Status413PayloadTooLarge,
                    $"The body is over {MaxBodyBytes:N0} bytes; a start request is a small JSON object.");
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    // A misspelling: same length and one character different, or one character more or less.
    private static bool Close(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        if (a == b)
        {
            return true;
        }

        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        int i = 0;
        while (i < Math.Min(a.Length, b.Length) && a[i] == b[i])
        {
            i++;
        }

        return a.Length == b.Length ? a[(i + 1)..] == b[(i + 1)..] : a.Length > b.Length ? a[(i + 1)..] == b[i..] : a[i..] == b[(i + 1)..];
    }
}
