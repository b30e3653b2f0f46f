using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MarketoExport.Cli.Server;

/// <summary>
/// When an API key is configured, every request but <c>/healthz</c> must carry it: in the <c>x-api-key</c> header (scripts),
/// or as the password of HTTP Basic authentication with any user name (a browser opening the status page: the 401
/// carries a Basic challenge, so the browser asks). Both are compared in constant time; the key is never echoed.
/// </summary>
public sealed class ApiKeyMiddleware
{
    /// <summary>The Basic realm the browser shows.</summary>
    public const string Realm = "marketo-export";

    private readonly RequestDelegate _next;
    private readonly byte[]? _expectedHash;

    /// <summary>Creates the middleware.</summary>
    public ApiKeyMiddleware(RequestDelegate next, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _expectedHash = options.ApiKey is null ? null : Hash(options.ApiKey);
    }

    /// <summary>Checks the key, then calls the next middleware.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_expectedHash is null || context.Request.Path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase))
        {
            await _next(context);
            return;
        }

        string? header = context.Request.Headers[ServerOptions.ApiKeyHeader];
        string? basic = BasicPassword(context.Request.Headers.Authorization);
        string? presented = header ?? basic;

        // Hashing both sides gives equal lengths, so the comparison time does not reveal the key's length either.
        if (presented is not null && CryptographicOperations.FixedTimeEquals(Hash(presented), _expectedHash))
        {
            await _next(context);
            return;
        }

        context.Response.Headers.Append("WWW-Authenticate", $"Basic realm=\"{Realm}\", charset=\"UTF-8\"");
        context.Response.Headers.Append("WWW-Authenticate", $"ApiKey header=\"{ServerOptions.ApiKeyHeader}\"");
        await Results.Problem(
            title: presented is null ? "API key required" : "API key rejected",
            detail: presented is null
                ? $"This server requires an API key: send it in the '{ServerOptions.ApiKeyHeader}' header, or as the password of HTTP Basic authentication "
                    + "(any user name; a browser asks for it), the value of --api-key / Server:ApiKey."
                : $"The key sent ({(header is not null ? $"'{ServerOptions.ApiKeyHeader}' header" : "Basic password")}) does not match the server's; send the value of --api-key / Server:ApiKey.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));

    /// <summary>The password of an <c>Authorization: Basic</c> header, or null.</summary>
    private static string? BasicPassword(string? authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out AuthenticationHeaderValue? value)
            || !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || value.Parameter is null)
        {
            return null;
        }

        try
        {
            string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
            int colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
