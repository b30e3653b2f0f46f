using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MarketoExport.Cli.Server;

/// <summary>
/// When an API key is configured, every request but <c>/healthz</c> must carry it in <c>x-api-key</c>
/// (compared in constant time); otherwise 401 with a problem body saying which header is missing.
/// </summary>
public sealed class ApiKeyMiddleware
{
    private readonly RequestDelegate _next;
    private readonly byte[]? _expectedHash;

    /// <summary>Creates the middleware.</summary>
    public ApiKeyMiddleware(RequestDelegate next, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _expectedHash = options.ApiKey is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(options.ApiKey));
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

        string? presented = context.Request.Headers[ServerOptions.ApiKeyHeader];
        // Hashing both sides gives equal lengths, so the comparison time does not reveal the key's length either.
        if (presented is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _expectedHash))
        {
            await _next(context);
            return;
        }

        context.Response.Headers.WWWAuthenticate = "ApiKey header=\"x-api-key\"";
        await Results.Problem(
            title: presented is null ? "API key required" : "API key rejected",
            detail: presented is null
                ? $"This server requires an API key: send it in the '{ServerOptions.ApiKeyHeader}' header (the value of --api-key / Server:ApiKey)."
                : $"The '{ServerOptions.ApiKeyHeader}' header does not match the server's key; send the value of --api-key / Server:ApiKey.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
    }
}
