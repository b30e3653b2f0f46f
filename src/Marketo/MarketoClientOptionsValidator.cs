using Microsoft.Extensions.Options;

namespace MarketoExport.Marketo;

/// <summary>Checks of <see cref="MarketoClientOptions"/> that data annotations cannot express.</summary>
internal sealed class MarketoClientOptionsValidator : IValidateOptions<MarketoClientOptions>
{
    public ValidateOptionsResult Validate(string? name, MarketoClientOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.BaseUrl)
            && (!Uri.TryCreate(options.BaseUrl.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"Marketo:BaseUrl '{options.BaseUrl}' is not an absolute http(s) URL. Set it to the instance root, e.g. https://123-ABC-456.mktorest.com.");
        }

        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"Marketo:RetryMaxDelay ({options.RetryMaxDelay}) is shorter than Marketo:RetryBaseDelay ({options.RetryBaseDelay}). Raise RetryMaxDelay or lower RetryBaseDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
