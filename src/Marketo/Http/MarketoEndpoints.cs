using System.Text;

namespace MarketoExport.Marketo.Http;

/// <summary>Derives the identity, REST and bulk URIs from the instance root; never emits <c>//</c> in a path.</summary>
internal sealed class MarketoEndpoints
{
    private readonly string _root;

    public MarketoEndpoints(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Marketo:BaseUrl '{baseUrl}' is not an absolute http(s) URL.", nameof(baseUrl));
        }

        var root = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        foreach (var suffix in new[] { "/rest", "/identity", "/bulk" })
        {
            if (root.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                root = root[..^suffix.Length];
                break;
            }
        }

        _root = root.TrimEnd('/');
    }

    public string Root => _root;

    public Uri Identity(string clientId, string clientSecret) => Build(
        "identity/oauth/token",
        [("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", clientSecret)]);

    public Uri Rest(string path, IEnumerable<(string Name, string? Value)>? query = null) => Build("rest/" + path.TrimStart('/'), query);

    public Uri Bulk(string path, IEnumerable<(string Name, string? Value)>? query = null) => Build("bulk/" + path.TrimStart('/'), query);

    private Uri Build(string path, IEnumerable<(string Name, string? Value)>? query)
    {
        var sb = new StringBuilder(_root).Append('/').Append(path);
        if (query is not null)
        {
            var first = true;
            foreach (var (name, value) in query)
            {
                if (value is null)
                {
                    continue;
                }

                sb.Append(first ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
                first = false;
            }
        }

        return new Uri(sb.ToString(), UriKind.Absolute);
    }
}
