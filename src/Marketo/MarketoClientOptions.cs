using System.ComponentModel.DataAnnotations;

namespace MarketoExport.Marketo;

/// <summary>
/// Settings of the Marketo client, bound from the <c>Marketo</c> configuration section
/// (<c>Marketo:BaseUrl</c>, <c>Marketo:ClientId</c>, <c>Marketo:ClientSecret</c>, ...).
/// </summary>
/// <remarks>
/// Marketo allows 100 calls per 20 s per instance, shared by every integration, and Adobe advises one integration
/// to stay at or below 50 per 20 s. The default here (80 per 20 s) leaves headroom for other integrations on a
/// dedicated export instance; lower it to 50 where other integrations share the instance.
/// </remarks>
public sealed class MarketoClientOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Marketo";

    /// <summary>
    /// The instance root, for example <c>https://123-ABC-456.mktorest.com</c>. <c>/rest</c>, <c>/identity</c> and
    /// <c>/bulk</c> are derived from it; a trailing slash or a trailing <c>/rest</c> is tolerated.
    /// </summary>
    [Required(ErrorMessage = "Marketo:BaseUrl is missing. Set it to the instance root shown in Admin > Web Services, e.g. https://123-ABC-456.mktorest.com.")]
    [Url(ErrorMessage = "Marketo:BaseUrl is not an absolute http(s) URL. Set it to the instance root, e.g. https://123-ABC-456.mktorest.com.")]
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>The client id of the LaunchPoint custom service.</summary>
    [Required(ErrorMessage = "Marketo:ClientId is missing. Copy it from Admin > LaunchPoint > (your service) > View Details.")]
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The client secret of the LaunchPoint custom service. Never logged.</summary>
    [Required(ErrorMessage = "Marketo:ClientSecret is missing. Copy it from Admin > LaunchPoint > (your service) > View Details; keep it in a secret store.")]
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>Maximum calls per <see cref="RateLimitWindow"/> (client-side governor).</summary>
    /// <value>80.</value>
    [Range(1, 100, ErrorMessage = "Marketo:RateLimitCalls must be between 1 and 100 (Marketo allows 100 calls per 20 s per instance).")]
    public int RateLimitCalls { get; set; } = 80;

    /// <summary>The rolling window <see cref="RateLimitCalls"/> applies to.</summary>
    /// <value>20 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Marketo:RateLimitWindow must be between 00:00:01 and 01:00:00.")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Maximum calls in flight at once (Marketo rejects the 11th concurrent call with 615).</summary>
    /// <value>10.</value>
    [Range(1, 10, ErrorMessage = "Marketo:MaxConcurrentCalls must be between 1 and 10 (Marketo allows 10 concurrent calls per instance).")]
    public int MaxConcurrentCalls { get; set; } = 10;

    /// <summary>How long before its expiry an access token is renewed.</summary>
    /// <value>60 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00", ErrorMessage = "Marketo:TokenRefreshMargin must be between 00:00:00 and 00:30:00.")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times a transient failure (502/5xx, 604, 606, 608, 611, 615, 713, transport errors) is retried.</summary>
    /// <value>4.</value>
    [Range(0, 20, ErrorMessage = "Marketo:MaxRetryAttempts must be between 0 and 20.")]
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>The base delay of the jittered exponential backoff between retries.</summary>
    /// <value>2 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Marketo:RetryBaseDelay must be between 00:00:00 and 00:10:00.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The cap on a single backoff delay.</summary>
    /// <value>30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00", ErrorMessage = "Marketo:RetryMaxDelay must be between 00:00:00 and 00:30:00.")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one attempt of a JSON call (Marketo's own server timeouts go up to 120 s for sync calls).</summary>
    /// <value>150 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Marketo:RequestTimeout must be between 00:00:01 and 01:00:00.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(150);

    /// <summary>Total time allowed for one export file download stream, from the request to the last byte.</summary>
    /// <value>2 hours.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Marketo:FileDownloadTimeout must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan FileDownloadTimeout { get; set; } = TimeSpan.FromHours(2);
}
