namespace MarketoExport.Cli.Runs;

/// <summary>One object of a logged run.</summary>
/// <param name="Object">The object.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Windows">Windows landed.</param>
/// <param name="Records">Records landed.</param>
/// <param name="Bytes">Bytes landed.</param>
/// <param name="HighWaterMark">Its checkpoint at the end.</param>
/// <param name="Message">A note, or why it failed.</param>
public sealed record RunLogObject(string Object, string Outcome, int Windows, long Records, long Bytes, DateTime? HighWaterMark, string? Message);
