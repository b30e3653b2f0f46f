namespace MarketoExport.Activities.Landing;

/// <summary>One line of <c>manifest.jsonl</c>: a landed, verified file.</summary>
/// <param name="Object">Exported object.</param>
/// <param name="WindowStart">Window start (inclusive, UTC).</param>
/// <param name="WindowEnd">Window end (inclusive, UTC).</param>
/// <param name="ExportId">Marketo export id.</param>
/// <param name="File">Sink-relative file name.</param>
/// <param name="Records">Data rows.</param>
/// <param name="Bytes">File size.</param>
/// <param name="Sha256">Lowercase hex SHA-256.</param>
/// <param name="LandedAt">When it was committed.</param>
public sealed record ManifestEntry(
    string Object,
    DateTime WindowStart,
    DateTime WindowEnd,
    string ExportId,
    string File,
    long Records,
    long Bytes,
    string Sha256,
    DateTimeOffset LandedAt);
