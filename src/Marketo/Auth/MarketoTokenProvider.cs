using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using MarketoExport.Marketo.Errors;
using MarketoExport.Marketo.Http;
using MarketoExport.Marketo.Logging;
using MarketoExport.Marketo.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarketoExport.Marketo.Auth;

/// <summary>
/// Singleton cache of access tokens per client id (OAuth client credentials against <c>/identity/oauth/token</c>).
/// A token is renewed <see cref="MarketoClientOptions.TokenRefreshMargin"/> before it expires (at most half its
/// lifetime early) and when Marketo rejects it (601/602, via <see cref="Invalidate"/>). Concurrent callers share one
/// refresh. Uses a named client from <see cref="IHttpClientFactory"/> per refresh, never a captured typed client.
/// </summary>
internal sealed class MarketoTokenProvider : IDisposable
{
    /// <summary>Identity calls made while Marketo answers a lifetime of 0 (a token in its last second) before giving up.</summary>
    private const int ExpiringAttempts = 3;

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptionsMonitor<MarketoClientOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, CachedToken> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private int _refreshCount;

    public MarketoTokenProvider(
        IHttpClientFactory httpClientFactory,
        IOptionsMonitor<MarketoClientOptions> options,
        TimeProvider timeProvider,
        ILogger<MarketoTokenProvider>? logger = null)
    {
        _httpClientFactory = httpClientFactory;
        _options = options;
        _timeProvider = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>How many tokens were fetched from the identity endpoint (for tests and diagnostics).</summary>
    public int RefreshCount => Volatile.Read(ref _refreshCount);

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        if (TryGetFresh(options.ClientId, out var token))
        {
            return token;
        }

        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (TryGetFresh(options.ClientId, out token))
            {
                return token;
            }

            _cache.TryGetValue(options.ClientId, out var previous);
            var fetched = await FetchAsync(options, previous?.Value, cancellationToken).ConfigureAwait(false);
            _cache[options.ClientId] = fetched;
            return fetched.Value;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>Drops <paramref name="token"/> from the cache (if it is still the cached one) so the next call fetches a new one.</summary>
    public void Invalidate(string token)
    {
        foreach (var entry in _cache)
        {
            if (string.Equals(entry.Value.Value, token, StringComparison.Ordinal))
            {
                _cache.TryRemove(entry);
            }
        }
    }

    public void Dispose() => _refreshLock.Dispose();

    private bool TryGetFresh(string clientId, out string token)
    {
        token = string.Empty;
        if (!_cache.TryGetValue(clientId, out var cached))
        {
            return false;
        }

        if (_timeProvider.GetUtcNow() >= cached.RenewAt)
        {
            return false;
        }

        token = cached.Value;
        return true;
    }

    /// <summary>
    /// Fetches a token. Marketo hands back the current token with its remaining lifetime while it is valid, so near
    /// the end of a token's hour the answer can be the token already cached (then it is used until it expires, not
    /// renewed again and again at half its shrinking remainder) or, in its last second, a lifetime of 0 (then the
    /// next second is awaited on the injected clock and a new token fetched, up to <see cref="ExpiringAttempts"/> times).
    /// </summary>
    private async Task<CachedToken> FetchAsync(MarketoClientOptions options, string? cached, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            var (token, expiresIn) = await FetchOnceAsync(options, cancellationToken).ConfigureAwait(false);
            if (expiresIn == 0 && attempt < ExpiringAttempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (expiresIn <= 0)
            {
                throw new MarketoAuthenticationException("Marketo's identity endpoint returned no usable access token. Check the API user of the LaunchPoint service.");
            }

            var now = _timeProvider.GetUtcNow();
            var lifetime = TimeSpan.FromSeconds(expiresIn);
            var margin = options.TokenRefreshMargin < lifetime / 2 ? options.TokenRefreshMargin : lifetime / 2;
            if (string.Equals(token, cached, StringComparison.Ordinal))
            {
                margin = TimeSpan.Zero; // the same token again: it is near its end, and asking earlier returns it again
            }

            Log.TokenObtained(_logger, options.ClientId, expiresIn);
            return new CachedToken(token, now + lifetime - margin);
        }
    }

    private async Task<(string Token, long ExpiresIn)> FetchOnceAsync(MarketoClientOptions options, CancellationToken cancellationToken)
    {
        var endpoints = new MarketoEndpoints(options.BaseUrl);
        var client = _httpClientFactory.CreateClient(MarketoClient.HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoints.Identity(options.ClientId, options.ClientSecret));
        request.Headers.Accept.ParseAdd("application/json");

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _refreshCount);

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden)
        {
            var error = await TryReadOAuthErrorAsync(response, cancellationToken).ConfigureAwait(false);
            Log.TokenRefused(_logger, options.ClientId, (int)response.StatusCode, error?.Error);
            throw new MarketoAuthenticationException(
                $"Marketo refused the credentials of client id '{options.ClientId}' (HTTP {(int)response.StatusCode}" +
                $"{(error?.Error is null ? string.Empty : ", " + error.Error)}{(error?.ErrorDescription is null ? string.Empty : ": " + error.ErrorDescription)}). " +
                "Check Marketo:ClientId and Marketo:ClientSecret against Admin > LaunchPoint, and that Marketo:BaseUrl is this instance's root.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new MarketoHttpException(
                (int)response.StatusCode,
                $"Marketo's identity endpoint answered HTTP {(int)response.StatusCode}. {(response.StatusCode >= HttpStatusCode.InternalServerError ? "This is a Marketo-side failure; retry later." : "Check Marketo:BaseUrl.")}");
        }

        TokenResponse? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(
                await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
                MarketoJsonContext.Default.TokenResponse,
                cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new MarketoAuthenticationException("Marketo's identity endpoint answered with a body that is not a token response. Check Marketo:BaseUrl.", ex);
        }

        if (string.IsNullOrEmpty(body?.AccessToken) || body.ExpiresIn < 0)
        {
            throw new MarketoAuthenticationException("Marketo's identity endpoint returned no usable access token. Check the API user of the LaunchPoint service.");
        }

        return (body.AccessToken, body.ExpiresIn);
    }

    private static async Task<OAuthError?> TryReadOAuthErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(stream, MarketoJsonContext.Default.OAuthError, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record CachedToken(string Value, DateTimeOffset RenewAt);
}
