using System.Text.Json.Serialization;

namespace MarketoExport.Management.Http.Wire;

/// <summary>One object of a run: the run's row for it plus the live status of its sub-orchestration.</summary>
/// <param name="Object">The object's name.</param>
/// <param name="InstanceId">Its sub-orchestration's id.</param>
/// <param name="RuntimeStatus">Its sub-orchestration's status (null before it started).</param>
/// <param name="Outcome">The run's row outcome (Pending, Running, Completed, Failed, QuotaExhausted).</param>
/// <param name="Phase">Where it is (planning, creating, polling, downloading, …).</param>
/// <param name="WindowIndex">1-based current window.</param>
/// <param name="WindowCount">Windows planned.</param>
/// <param name="Window">The current window, as text.</param>
/// <param name="ExportId">The current Marketo job.</param>
/// <param name="Records">Records landed in this run.</param>
/// <param name="Bytes">Bytes landed in this run.</param>
/// <param name="Note">A fallback, wait or failure worth showing.</param>
/// <param name="LastUpdatedTime">When its sub-orchestration last changed (null before it started): a run's own
/// <c>lastUpdatedTime</c> moves only when an object ends, this moves with every step.</param>
public sealed record ObjectProgress(
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("instanceId")] string InstanceId,
    [property: JsonPropertyName("runtimeStatus")] string? RuntimeStatus,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("phase")] string? Phase,
    [property: JsonPropertyName("windowIndex")] int WindowIndex,
    [property: JsonPropertyName("windowCount")] int WindowCount,
    [property: JsonPropertyName("window")] string? Window,
    [property: JsonPropertyName("exportId")] string? ExportId,
    [property: JsonPropertyName("records")] long Records,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("note")] string? Note,
    [property: JsonPropertyName("lastUpdatedTime")] DateTimeOffset? LastUpdatedTime = null);
