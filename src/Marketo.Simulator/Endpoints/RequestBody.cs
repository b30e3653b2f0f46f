using System.Text.Json;
using MarketoExport.Marketo.Simulator.Engine;

namespace MarketoExport.Marketo.Simulator.Endpoints;

/// <summary>Reads JSON request bodies (or the body carried over by a <c>_method=GET</c> override).</summary>
internal static class RequestBody
{
    public const string OverrideBodyItem = "sim.overrideBody";
    public const long MaxBody = 1024 * 1024;

    public static async Task<JsonElement> ReadJsonAsync(HttpContext context)
    {
        byte[] bytes;
        if (context.Items.TryGetValue(OverrideBodyItem, out var carried) && carried is byte[] b)
        {
            bytes = b;
        }
        else
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBody)
                {
                    throw new PayloadTooLargeException();
                }
            }

            bytes = buffer.ToArray();
        }

        if (bytes.Length == 0 || bytes.All(x => x is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            using var empty = JsonDocument.Parse("{}");
            return empty.RootElement.Clone();
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ApiErrorException("609", "Invalid JSON: " + e.Message);
        }
    }

    public static bool HasOverrideBody(HttpContext context) => context.Items.ContainsKey(OverrideBodyItem);
}
