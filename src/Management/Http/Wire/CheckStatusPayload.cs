using System.Text.Json.Serialization;

namespace MarketoExport.Management.Http.Wire;

/// <summary>
/// The management URLs of one run, shaped like Durable Functions' check-status payload
/// (<c>CreateCheckStatusResponse</c>): <c>id</c>, <c>statusQueryGetUri</c>, <c>terminatePostUri</c>, … .
/// </summary>
/// <param name="Id">The instance id.</param>
/// <param name="StatusQueryGetUri">GET: the run's status.</param>
/// <param name="SendEventPostUri">POST: raise an event (not offered: export runs wait for no events).</param>
/// <param name="TerminatePostUri">POST: terminate.</param>
/// <param name="RestartPostUri">POST: start again with the same input.</param>
/// <param name="RewindPostUri">POST: re-run the failed steps of a Failed run.</param>
/// <param name="PurgeHistoryDeleteUri">DELETE: purge the run's history.</param>
public sealed record CheckStatusPayload(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("statusQueryGetUri")] string StatusQueryGetUri,
    [property: JsonPropertyName("sendEventPostUri"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SendEventPostUri,
    [property: JsonPropertyName("terminatePostUri")] string TerminatePostUri,
    [property: JsonPropertyName("restartPostUri")] string RestartPostUri,
    [property: JsonPropertyName("rewindPostUri")] string RewindPostUri,
    [property: JsonPropertyName("purgeHistoryDeleteUri")] string PurgeHistoryDeleteUri);
