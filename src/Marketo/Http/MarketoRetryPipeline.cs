using MarketoExport.Marketo.Errors;
using MarketoExport.Marketo.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MarketoExport.Marketo.Http;

/// <summary>
/// The Polly v8 pipeline around one Marketo call: jittered exponential retries of transient failures
/// (HTTP 5xx/429, codes 502/604/606/608/611/615/713, transport errors, attempt timeouts). The per-attempt timeout is
/// applied by the client after the governor admitted the call, so queueing for a permit never eats into it. 607, the export-quota 1029 and queue-full 1029 are never retried here. Runs on the injected
/// <see cref="TimeProvider"/> so fake clocks drive the backoff.
/// </summary>
internal sealed class MarketoRetryPipeline
{
    public MarketoRetryPipeline(IOptions<MarketoClientOptions> options, TimeProvider timeProvider, ILogger<MarketoRetryPipeline>? logger = null)
    {
        var o = options.Value;
        var log = (ILogger?)logger ?? NullLogger.Instance;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (o.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = o.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryBaseDelay,
                MaxDelay = o.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsTransient(ex)),
                OnRetry = args =>
                {
                    if (log.IsEnabled(LogLevel.Information))
                    {
                        Log.Retrying(log, args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds, Reason(args.Outcome.Exception));
                    }

                    return ValueTask.CompletedTask;
                },
            });
        }

        Pipeline = builder.Build();
    }

    public ResiliencePipeline Pipeline { get; }

    public static bool IsTransient(Exception exception) => exception switch
    {
        MarketoExportQueueFullException => false,
        MarketoApiException api => api.IsRetryable,
        MarketoHttpException http => http.StatusCode >= 500,
        MarketoAuthenticationException => false,
        HttpRequestException => true,
        TimeoutRejectedException => true,
        TimeoutException => true,
        IOException => true,
        _ => false,
    };

    private static string Reason(Exception? exception) => exception switch
    {
        MarketoApiException api => "code " + api.Code.Value,
        MarketoHttpException http => "HTTP " + http.StatusCode,
        TimeoutRejectedException or TimeoutException => "an attempt timeout",
        null => "a failed result",
        _ => exception.GetType().Name,
    };
}
