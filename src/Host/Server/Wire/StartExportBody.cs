using System.Text.Json.Serialization;

namespace MarketoExport.Host.Server.Wire;

/// <summary>The optional body of <c>POST /api/exports</c>.</summary>
/// <param name="Objects">A subset of the server's configured objects; null for all of them.</param>
/// <param name="Since">First run's start (objects without a checkpoint); null for the server's default.</param>
/// <param name="Until">Explicit range end (inclusive); null for now minus the safety lag.</param>
public sealed record StartExportBody(
    [property: JsonPropertyName("objects")] IReadOnlyList<string>? Objects,
    [property: JsonPropertyName("since")] DateTimeOffset? Since,
    [property: JsonPropertyName("until")] DateTimeOffset? Until);
