using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MarketoExport.Marketo.Simulator.Wire;

/// <summary>Writes Marketo-shaped responses and records the error code for the limiter and the stats.</summary>
internal static class Reply
{
    public const string JsonContentType = "application/json;charset=UTF-8";
    public const string ErrorCodeItem = "sim.errorCode";
    public const string RequestIdItem = "sim.requestId";

    public static string RequestId(HttpContext context) =>
        context.Items.TryGetValue(RequestIdItem, out var id) && id is string s ? s : NewRequestId();

    public static string NewRequestId() =>
        string.Create(CultureInfo.InvariantCulture, $"{Random.Shared.Next(0x1000, 0xFFFF):x}#{Random.Shared.NextInt64(0x10000000000, 0xFFFFFFFFFFF):x}");

    public static Task Ok<T>(HttpContext context, IReadOnlyList<T> result, JsonTypeInfo<Envelope<T>> typeInfo, bool? moreResult = null, string? nextPageToken = null) =>
        Json(context, new Envelope<T>(RequestId(context), true, result, MoreResult: moreResult, NextPageToken: nextPageToken), typeInfo);

    public static Task Error(HttpContext context, string code, string message)
    {
        context.Items[ErrorCodeItem] = code;
        return Json(context, new Envelope<string>(RequestId(context), false, Errors: [new ErrorItem(code, message)]), SimulatorJsonContext.Default.EnvelopeString);
    }

    public static async Task Json<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo, int statusCode = 200)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = JsonContentType;
        await JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo, context.RequestAborted);
    }

    public static Task Text(HttpContext context, int statusCode, string text)
    {
        context.Items[ErrorCodeItem] = "http-" + statusCode.ToString(CultureInfo.InvariantCulture);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain;charset=UTF-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? value) => value is { } v ? Format(v) : null;

    /// <summary>Marketo's usual message for a response-level code.</summary>
    public static string DefaultMessage(string code, SimulatorOptions options) => code switch
    {
        "601" => "Access token invalid",
        "602" => "Access token expired",
        "603" => "Access denied",
        "604" => "Request time-out",
        "605" => "HTTP Method not supported",
        "606" => string.Create(CultureInfo.InvariantCulture, $"Max rate limit '{options.RateLimitCalls}' exceeded with in '{(int)options.RateLimitWindow.TotalSeconds}' secs"),
        "607" => "Daily quota reached",
        "608" => "API Temporarily Unavailable",
        "609" => "Invalid JSON",
        "610" => "Requested resource not found",
        "611" => "System error",
        "612" => "Invalid Content Type",
        "615" => string.Create(CultureInfo.InvariantCulture, $"Concurrent access limit '{options.MaxConcurrentCalls}' reached"),
        "616" => "Invalid subscription type",
        "713" => "Transient Error",
        "1029" => "Too many jobs in queue",
        "1035" => "Unsupported filter type for target subscription",
        _ => "Simulated error " + code,
    };
}
