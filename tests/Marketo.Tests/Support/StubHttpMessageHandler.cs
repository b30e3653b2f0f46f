using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace MarketoExport.Marketo.Tests.Support;

/// <summary>Answers requests from a delegate and records what was sent (method, URI, headers, body).</summary>
internal sealed class StubHttpMessageHandler : HttpMessageHandler
{
    private readonly Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> _respond;

    public StubHttpMessageHandler(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> respond) => _respond = respond;

    public StubHttpMessageHandler(Func<RecordedRequest, HttpResponseMessage> respond)
        : this((r, _) => Task.FromResult(respond(r)))
    {
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public IReadOnlyList<RecordedRequest> ApiRequests => Requests.Where(r => !r.IsIdentity).ToList();

    public IReadOnlyList<RecordedRequest> IdentityRequests => Requests.Where(r => r.IsIdentity).ToList();

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Text(string text, HttpStatusCode status) =>
        new(status) { Content = new StringContent(text, Encoding.UTF8, "text/plain") };

    public static HttpResponseMessage Token(string token = "tok-1", int expiresIn = 3600) =>
        Json($$"""{"access_token":"{{token}}","token_type":"bearer","expires_in":{{expiresIn}},"scope":"api@example.com"}""");

    public static HttpResponseMessage Error(string code, string message = "error") =>
        Json($$"""{"requestId":"abc#123","success":false,"errors":[{"code":"{{code}}","message":"{{message}}"}]}""");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            request.Headers.Range?.ToString(),
            request.Content?.Headers.ContentType?.MediaType,
            body);
        Requests.Enqueue(recorded);
        var response = await _respond(recorded, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? Range, string? ContentType, string? Body)
{
    public bool IsIdentity => Uri.AbsolutePath.StartsWith("/identity/", StringComparison.Ordinal);

    public string Path => Uri.AbsolutePath;
}
