using Microsoft.Extensions.Logging;

namespace MarketoExport.Marketo.Logging;

/// <summary>
/// All log messages of the client. Paths are logged without their query string, so neither the client secret
/// (identity calls carry it in the query) nor filter values reach the logs; tokens are never logged.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Marketo {Method} {Path} -> HTTP {StatusCode} in {DurationMs} ms")]
    public static partial void CallCompleted(ILogger logger, string method, string path, int statusCode, long durationMs);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Marketo {Method} {Path} -> HTTP {StatusCode}, code {Code} ({ErrorMessage}), request {RequestId}, in {DurationMs} ms")]
    public static partial void CallFailed(ILogger logger, string method, string path, int statusCode, string code, string errorMessage, string? requestId, long durationMs);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Marketo {Method} {Path} failed after {DurationMs} ms: {Reason}")]
    public static partial void CallTransportFailed(ILogger logger, string method, string path, long durationMs, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Marketo call retry {Attempt} in {DelayMs} ms after {Reason}")]
    public static partial void Retrying(ILogger logger, int attempt, long delayMs, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Marketo {Path} warning: {Warning}")]
    public static partial void ResponseWarning(ILogger logger, string path, string warning);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Marketo access token obtained for client {ClientId}; expires in {ExpiresInSeconds} s")]
    public static partial void TokenObtained(ILogger logger, string clientId, long expiresInSeconds);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Marketo rejected the access token with {Code}; renewing it and retrying once")]
    public static partial void TokenRejected(ILogger logger, string code);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Error, Message = "Marketo identity endpoint refused the credentials of client {ClientId}: HTTP {StatusCode} {Error}")]
    public static partial void TokenRefused(ILogger logger, string clientId, int statusCode, string? error);
}
