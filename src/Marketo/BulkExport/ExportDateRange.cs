using System.Globalization;

namespace MarketoExport.Marketo.BulkExport;

/// <summary>
/// A bulk export date filter: both ends inclusive, at most <see cref="MaxSpan"/> (31 days) apart, whole seconds only.
/// Sub-second values are <b>rejected</b> rather than truncated, so that a window planner can never silently create a
/// gap or an overlap. Serialized in UTC as <c>yyyy-MM-ddTHH:mm:ssZ</c>.
/// </summary>
public sealed record ExportDateRange
{
    /// <summary>The longest span Marketo accepts between <see cref="StartAt"/> and <see cref="EndAt"/>.</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(31);

    /// <summary>Creates a validated range.</summary>
    /// <param name="startAt">The first instant included.</param>
    /// <param name="endAt">The last instant included.</param>
    /// <exception cref="ArgumentException">An end has milliseconds, start is after end, or the span exceeds 31 days.</exception>
    public ExportDateRange(DateTimeOffset startAt, DateTimeOffset endAt)
    {
        if (startAt.UtcTicks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException(
                $"Export filter start {startAt:O} has a fraction of a second; Marketo rejects milliseconds. Round the window to whole seconds.",
                nameof(startAt));
        }

        if (endAt.UtcTicks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException(
                $"Export filter end {endAt:O} has a fraction of a second; Marketo rejects milliseconds. Round the window to whole seconds.",
                nameof(endAt));
        }

        if (startAt > endAt)
        {
            throw new ArgumentException(
                $"Export filter start {startAt:O} is after its end {endAt:O}.", nameof(startAt));
        }

        if (endAt - startAt > MaxSpan)
        {
            throw new ArgumentException(
                $"Export filter window {startAt:O} .. {endAt:O} spans {(endAt - startAt).TotalDays:0.###} days; Marketo allows at most 31. Split it into smaller windows.",
                nameof(endAt));
        }

        StartAt = startAt;
        EndAt = endAt;
    }

    /// <summary>The first instant included.</summary>
    public DateTimeOffset StartAt { get; }

    /// <summary>The last instant included.</summary>
    public DateTimeOffset EndAt { get; }

    /// <summary>Formats an instant the way the Bulk API wants it: UTC, whole seconds, <c>Z</c> suffix.</summary>
    /// <param name="value">The instant.</param>
    /// <returns>For example <c>2024-01-31T23:59:59Z</c>.</returns>
    public static string FormatInstant(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Returns <c>start..end</c> in wire format.</summary>
    /// <returns>The range as text.</returns>
    public override string ToString() => FormatInstant(StartAt) + ".." + FormatInstant(EndAt);
}
