using System.Globalization;

namespace MarketoExport.Marketo.Simulator.Engine;

/// <summary>Access tokens: one live token per client id, same token returned while valid.</summary>
internal sealed class TokenStore(SimulatorOptions options)
{
    private readonly object _sync = new();
    private readonly Dictionary<string, DateTimeOffset> _expiry = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _currentByClient = new(StringComparer.Ordinal);

    public enum Check { Valid, Invalid, Expired }

    public (string Token, long ExpiresIn) Issue(string clientId)
    {
        var now = options.TimeProvider.GetUtcNow();
        lock (_sync)
        {
            if (_currentByClient.TryGetValue(clientId, out var token) && _expiry[token] > now)
            {
                return (token, (long)Math.Floor((_expiry[token] - now).TotalSeconds));
            }

            token = Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture) + ":ab";
            _expiry[token] = now + options.TokenLifetime;
            _currentByClient[clientId] = token;
            return (token, (long)options.TokenLifetime.TotalSeconds);
        }
    }

    public Check Validate(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Check.Invalid;
        }

        lock (_sync)
        {
            if (!_expiry.TryGetValue(token, out var expiry))
            {
                return Check.Invalid;
            }

            return expiry > options.TimeProvider.GetUtcNow() ? Check.Valid : Check.Expired;
        }
    }

    /// <summary>Marks every issued token expired now; the next identity call mints a new one.</summary>
    public void ExpireAll()
    {
        var now = options.TimeProvider.GetUtcNow();
        lock (_sync)
        {
            foreach (var token in _expiry.Keys.ToList())
            {
                _expiry[token] = now;
            }
        }
    }
}
