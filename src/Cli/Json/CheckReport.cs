namespace MarketoExport.Cli.Json;

/// <summary><c>check --json</c>.</summary>
/// <param name="Ok">True when no check failed (warnings allowed); the exit code is 0 then, else 1.</param>
/// <param name="Marketo">The Marketo checked (base URL, or "simulator").</param>
/// <param name="Checks">Each check, in order.</param>
public sealed record CheckReport(bool Ok, string Marketo, IReadOnlyList<CheckItem> Checks);
