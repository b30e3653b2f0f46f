using System.Diagnostics;

namespace MarketoExport.Cli.Server.Telemetry;

/// <summary>
/// A <see cref="DelegatingHandler"/> on the Marketo HTTP client: one <c>marketo.call</c> client span and the call
/// metrics per request. Records the method and the path only: the query of the token request carries the client
/// secret, so it is never recorded.
/// </summary>
public sealed class MarketoCallTelemetryHandler : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string path = request.RequestUri?.AbsolutePath ?? string.Empty;
        string method = request.Method.Method;
        using Activity? span = ExportTelemetry.Source.StartActivity("marketo.call", ActivityKind.Client);
        span?.SetTag("http.request.method", method);
        span?.SetTag("url.path", path);
        long started = Stopwatch.GetTimestamp();
        int status = 0;
        try
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            span?.SetTag("http.response.status_code", status);
            if (status >= 400)
            {
                span?.SetStatus(ActivityStatusCode.Error);
            }

            return response;
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            var tags = new TagList { { "http.request.method", method }, { "url.path", PathTemplate(path) }, { "http.response.status_code", status } };
            ExportTelemetry.MarketoCalls.Add(1, tags);
            ExportTelemetry.MarketoCallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    /// <summary>The path with export ids (GUID-like segments) replaced, so metric cardinality stays small.</summary>
    internal static string PathTemplate(string path)
    {
        string[] parts = path.Split('/');
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length >= 16 && parts[i].Count(c => c == '-') >= 2)
            {
                parts[i] = "{id}";
            }
        }

        return string.Join('/', parts);
    }
}
