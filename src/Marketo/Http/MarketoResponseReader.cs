using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MarketoExport.Marketo.Errors;
using MarketoExport.Marketo.Serialization;

namespace MarketoExport.Marketo.Http;

/// <summary>
/// The one place that turns Marketo responses into results or typed exceptions: HTTP statuses first
/// (401/404/413/414/429/5xx), then the envelope's <c>success:false</c> with its first error.
/// </summary>
internal static class MarketoResponseReader
{
    /// <summary>Codes retried inside the client (with backoff). 601/602 are handled by re-authenticating.</summary>
    private static readonly HashSet<string> RetryableCodes = ["502", "604", "606", "608", "611", "615", "713"];

    public static async Task<MarketoEnvelope<T>> ReadEnvelopeAsync<T>(
        HttpResponseMessage response,
        JsonTypeInfo<MarketoEnvelope<T>> typeInfo,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await ThrowIfHttpErrorAsync(response, cancellationToken).ConfigureAwait(false);

        MarketoEnvelope<T>? envelope;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                envelope = await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException ex)
        {
            throw new MarketoHttpException(
                (int)response.StatusCode,
                $"Marketo answered {Describe(response)} with a body that is not the JSON envelope ({ex.Message}). Check Marketo:BaseUrl points at the instance root.",
                ex);
        }

        if (envelope is null)
        {
            throw new MarketoHttpException((int)response.StatusCode, $"Marketo answered {Describe(response)} with an empty body.");
        }

        if (!envelope.Success)
        {
            var error = envelope.Errors is { Count: > 0 } errors ? errors[0] : null;
            throw CreateApiException(error?.Code, error?.Message, envelope.RequestId, Describe(response), now);
        }

        return envelope;
    }

    /// <summary>Throws for any non-2xx status; the body of a 404 is plain text and goes into the message (trimmed).</summary>
    public static async Task ThrowIfHttpErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var body = await ReadSnippetAsync(response, cancellationToken).ConfigureAwait(false);
        var where = Describe(response);
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new MarketoHttpException(status, $"Marketo answered {where} with HTTP 401 Unauthorized. Check Marketo:ClientId and Marketo:ClientSecret and the API user's permissions."),
            HttpStatusCode.NotFound => new MarketoHttpException(status, $"Marketo answered {where} with HTTP 404 Not Found{(body.Length > 0 ? ": " + body : string.Empty)}. For an export file this means the job is not Completed, the id is unknown, or the file has expired (7 days)."),
            HttpStatusCode.RequestEntityTooLarge => new MarketoHttpException(status, $"Marketo answered {where} with HTTP 413: the request body is over 1 MB (10 MB for bulk). Send fewer records per call."),
            HttpStatusCode.RequestUriTooLong => new MarketoHttpException(status, $"Marketo answered {where} with HTTP 414: the URI is over 8 KB. Send fewer filter values, or POST with _method=GET."),
            HttpStatusCode.RequestedRangeNotSatisfiable => new MarketoHttpException(status, $"Marketo answered {where} with HTTP 416: the requested byte range is outside the file. Restart the download from offset 0."),
            HttpStatusCode.TooManyRequests => new MarketoThrottledException(new MarketoErrorCode("429"), $"Marketo answered {where} with HTTP 429 Too Many Requests. Slow down (lower Marketo:RateLimitCalls) and retry later.", null),
            _ when status >= 500 => new MarketoHttpException(status, $"Marketo answered {where} with HTTP {status}{(body.Length > 0 ? ": " + body : string.Empty)}. This is a Marketo-side failure; retry later."),
            _ => new MarketoHttpException(status, $"Marketo answered {where} with HTTP {status}{(body.Length > 0 ? ": " + body : string.Empty)}."),
        };
    }

    /// <summary>Maps one envelope error to the exception type callers branch on.</summary>
    public static MarketoApiException CreateApiException(string? code, string? message, string? requestId, string where, DateTimeOffset now)
    {
        var c = new MarketoErrorCode(string.IsNullOrWhiteSpace(code) ? "unknown" : code.Trim());
        var text = string.IsNullOrWhiteSpace(message) ? "(no message)" : message.Trim();
        var prefix = $"Marketo error {c.Value} on {where}: {text}{(requestId is null ? string.Empty : $" (requestId {requestId})")}.";

        switch (c.Value)
        {
            case "606":
                return new MarketoThrottledException(c, prefix + " The rate limit (calls per 20 s) was exceeded and retries ran out; lower Marketo:RateLimitCalls or retry later.", requestId);
            case "615":
                return new MarketoThrottledException(c, prefix + " Too many concurrent calls on the instance and retries ran out; lower Marketo:MaxConcurrentCalls or retry later.", requestId);
            case "607":
                var reset = MarketoQuotaClock.NextReset(now);
                return new MarketoDailyQuotaExceededException(prefix + $" The daily API quota is used up; calls resume after {reset:yyyy-MM-dd HH:mm zzz} (midnight Central).", requestId, reset);
            case "1035":
                return new MarketoUnsupportedFilterException(prefix + " This subscription does not support the filter type; use createdAt (leads) or a static list instead.", requestId);
            case "1029":
                if (text.Contains("quota", StringComparison.OrdinalIgnoreCase))
                {
                    var exportReset = MarketoQuotaClock.NextReset(now);
                    return new MarketoExportQuotaExceededException(prefix + $" The daily bulk export quota is used up; exports resume after {exportReset:yyyy-MM-dd HH:mm zzz} (midnight Central).", requestId, exportReset);
                }

                if (text.Contains("queue", StringComparison.OrdinalIgnoreCase) && !text.Contains("already", StringComparison.OrdinalIgnoreCase))
                {
                    return new MarketoExportQueueFullException(prefix + " Ten export jobs are already queued or processing; enqueue again later.", requestId);
                }

                return new MarketoApiException(c, prefix, requestId, isRetryable: false);
            case "603":
                // Not a subtype: callers (e.g. a connection check) branch on Code == AccessDenied; no retry helps.
                return new MarketoApiException(c, prefix + " The API user's role lacks the permission this call needs (Admin > Users & Roles; e.g. Read-Only Lead for lead describe and lead exports), or an IP allowlist blocks this caller.", requestId, isRetryable: false);
            case "601":
            case "602":
                return new MarketoApiException(c, prefix + " The access token was rejected even after renewing it; check the clock and the API user.", requestId, isRetryable: false);
            default:
                return new MarketoApiException(c, prefix, requestId, RetryableCodes.Contains(c.Value));
        }
    }

    /// <summary>Formats a warning that may be a string or a <c>{code, message}</c> object.</summary>
    public static string FormatWarning(JsonElement warning) => warning.ValueKind switch
    {
        JsonValueKind.String => warning.GetString() ?? string.Empty,
        JsonValueKind.Object => $"{(warning.TryGetProperty("code", out var code) ? code.ToString() : "?")}: {(warning.TryGetProperty("message", out var m) ? m.ToString() : warning.GetRawText())}",
        _ => warning.GetRawText(),
    };

    public static string Describe(HttpResponseMessage response) =>
        response.RequestMessage is { } request
            ? $"{request.Method} {request.RequestUri?.AbsolutePath}"
            : "a request";

    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[512];
                var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                var text = Encoding.UTF8.GetString(buffer, 0, read).Trim();
                return text.Length > 200 ? text[..200] + "…" : text;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return string.Empty;
        }
    }
}
