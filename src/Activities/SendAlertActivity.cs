using System.Net.Http.Json;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.DurableTask;

namespace MarketoExport.Activities;

/// <summary>
/// Logs an alert (always, at Critical) and POSTs it as JSON to <see cref="ExportActivityOptions.AlertWebhookUrl"/>
/// when one is configured. Used when Marketo is unreachable or refuses the credentials: the checkpoint cannot
/// record those. A repeated POST is harmless (receivers dedupe on run id and reason).
/// </summary>
public sealed class SendAlertActivity(IHttpClientFactory httpClientFactory, IOptions<ExportActivityOptions> options, ILogger<SendAlertActivity> logger, IActivityEnvironment environment) : TaskActivity<AlertRequest, bool>
{
    /// <summary>Name of the HttpClient used for the webhook.</summary>
    public const string HttpClientName = "export-alerts";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, AlertRequest input)
        => RunAsync(input, environment.Stopping);

    /// <summary>The activity body, with the token that stops it when the host shuts down.</summary>
    public async Task<bool> RunAsync(AlertRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        Log.Alert(logger, input.RunId, input.Reason);
        string? url = options.Value.AlertWebhookUrl;
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        HttpClient http = httpClientFactory.CreateClient(HttpClientName);
        using HttpResponseMessage response = await http.PostAsJsonAsync(new Uri(url), input, ActivitiesJsonContext.Default.AlertRequest, cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            Log.AlertWebhookFailed(logger, (int)response.StatusCode);
            throw new HttpRequestException($"Alert webhook answered HTTP {(int)response.StatusCode}.", null, response.StatusCode);
        }

        return true;
    }
}
