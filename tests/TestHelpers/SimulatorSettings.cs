using System.Text.Json;
using MarketoExport.Marketo.Simulator;

namespace MarketoExport.TestHelpers;

/// <summary>
/// The client's settings for a running simulator (instance root, client id, client secret), in the three forms the
/// programs under test read them: configuration keys, environment variables of a child process, a <c>--config</c> file.
/// </summary>
public static class SimulatorSettings
{
    /// <summary><c>Marketo:BaseUrl</c>, <c>Marketo:ClientId</c>, <c>Marketo:ClientSecret</c>.</summary>
    public static Dictionary<string, string?> Configuration(Uri baseUrl, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(options);
        return new()
        {
            ["Marketo:BaseUrl"] = baseUrl.ToString(),
            ["Marketo:ClientId"] = options.ClientId,
            ["Marketo:ClientSecret"] = options.ClientSecret,
        };
    }

    /// <summary>The same settings as environment variables (<c>Marketo__BaseUrl</c>, …).</summary>
    public static Dictionary<string, string> Environment(Uri baseUrl, SimulatorOptions options)
        => Configuration(baseUrl, options).ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);

    /// <summary>Writes them as a configuration file (<c>{"Marketo":{"BaseUrl":…}}</c>) to <paramref name="path"/>.</summary>
    public static Task WriteConfigFileAsync(string path, Uri baseUrl, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(options);
        return File.WriteAllTextAsync(path, JsonSerializer.Serialize(new
        {
            Marketo = new { BaseUrl = baseUrl.ToString(), options.ClientId, options.ClientSecret },
        }));
    }
}
