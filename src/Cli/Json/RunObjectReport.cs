namespace MarketoExport.Cli.Json;

/// <summary>One object of a run.</summary>
/// <param name="Object">The object's name (checkpoint key).</param>
/// <param name="Outcome">Completed, Failed, QuotaExhausted, Running, Pending.</param>
/// <param name="Windows">Windows (files) landed in this run.</param>
/// <param name="Records">Records landed in this run.</param>
/// <param name="Bytes">Bytes landed in this run.</param>
/// <param name="HighWaterMark">The checkpoint after the run, ISO-8601 UTC.</param>
/// <param name="Files">Landed files, sink-relative.</param>
/// <param name="Message">A note, or why it failed or stopped.</param>
/// <param name="ResumesAt">When a used-up quota resets (QuotaExhausted).</param>
public sealed record RunObjectReport(
    string Object, string Outcome, int Windows, long Records, long Bytes, DateTime? HighWaterMark, IReadOnlyList<string> Files, string? Message, DateTime? ResumesAt);
