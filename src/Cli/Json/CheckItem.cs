namespace MarketoExport.Cli.Json;

/// <summary>One check.</summary>
/// <param name="Name">What was checked, e.g. <c>credentials</c>, <c>permission: Read-Only Lead</c>.</param>
/// <param name="Status"><c>ok</c>, <c>warning</c>, <c>failed</c> or <c>skipped</c>.</param>
/// <param name="Detail">What was found.</param>
/// <param name="Fix">What to do, when it is not ok.</param>
public sealed record CheckItem(string Name, string Status, string Detail, string? Fix);
