namespace MarketoExport.Orchestrations.Export;

/// <summary>Output of the download activity: a verified file in the landing sink.</summary>
/// <param name="Name">Sink-relative name, e.g. <c>leads/leads_20260101T000000Z_20260131T235959Z.csv</c>.</param>
/// <param name="Records">Data rows (header excluded).</param>
/// <param name="Bytes">File size.</param>
/// <param name="Sha256">Lowercase hex SHA-256.</param>
/// <param name="AlreadyLanded">True when an identical file was already there (an at-least-once re-run).</param>
public sealed record LandedFile(string Name, long Records, long Bytes, string Sha256, bool AlreadyLanded = false);
