using System.Text.Json.Serialization;

namespace MarketoExport.Management.Http.Wire;

/// <summary>Why a run failed (Durable Task's <c>failureDetails</c>; no stack trace over HTTP).</summary>
/// <param name="ErrorType">The exception type.</param>
/// <param name="ErrorMessage">The message.</param>
/// <param name="InnerFailure">The cause, when there is one.</param>
public sealed record FailureDetailsPayload(
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("innerFailure"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FailureDetailsPayload? InnerFailure);
