using System.Text.Json.Serialization;

namespace MarketoExport.Marketo.Simulator.Wire;

internal sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);
