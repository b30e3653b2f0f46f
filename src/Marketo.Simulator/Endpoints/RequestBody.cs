using System.Text.Json;
using MarketoExport.Marketo.Simulator.Engine;

namespace MarketoExport.Marketo.Simulator.Endpoints;

/// <summary>Reads JSON request bodies (or the body carried over by a <c>_method=GET</c> override).</summary>
internal static class RequestBody
{
    public const string OverrideBodyItem = "sim.overrideBody";

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
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
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
