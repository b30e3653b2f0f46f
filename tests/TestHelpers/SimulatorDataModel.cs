using System.Globalization;
using MarketoExport.Marketo.Simulator;

namespace MarketoExport.TestHelpers;

/// <summary>
/// Which records the simulator's synthetic data holds in a time span, computed from its documented data model
/// (src/Marketo.Simulator/README.md) rather than from an export, so a test can check that an export landed exactly them.
/// Record <c>i</c> of <c>n</c> is created at <c>DataStart + i·(DataEnd − DataStart)/(n − 1)</c>.
/// </summary>
public static class SimulatorDataModel
{
    /// <summary>Lead ids (<c>i + 1</c>) whose <c>updatedAt</c> (created + 2 days, capped at <c>DataEnd</c>) is in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static HashSet<string> LeadIdsUpdatedIn(SimulatorOptions options, DateTime from, DateTime to)
        => Keys(options, o => o.Leads, from, to, (created, end) => Math.Min(end, created + (2 * 86_400)), i => (i + 1).ToString(CultureInfo.InvariantCulture));

    /// <summary>Activity <c>marketoGUID</c>s (<c>700000000 + i</c>) whose <c>activityDate</c> (its creation) is in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static HashSet<string> ActivityGuidsDatedIn(SimulatorOptions options, DateTime from, DateTime to)
        => Keys(options, o => o.Activities, from, to, (created, _) => created, i => (700_000_000 + i).ToString(CultureInfo.InvariantCulture));

    private static HashSet<string> Keys(SimulatorOptions options, Func<SimulatorOptions, long> count, DateTime from, DateTime to, Func<long, long, long> timeOf, Func<long, string> key)
    {
        ArgumentNullException.ThrowIfNull(options);
        long n = count(options);
        long start = options.DataStart.ToUnixTimeSeconds();
        long end = options.DataEnd.ToUnixTimeSeconds();
        long first = new DateTimeOffset(DateTime.SpecifyKind(from, DateTimeKind.Utc)).ToUnixTimeSeconds();
        long last = new DateTimeOffset(DateTime.SpecifyKind(to, DateTimeKind.Utc)).ToUnixTimeSeconds();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < n; i++)
        {
            long created = n <= 1 ? start : start + (long)((Int128)i * (end - start) / (n - 1));
            long t = timeOf(created, end);
            if (t >= first && t <= last)
            {
                keys.Add(key(i));
            }
        }

        return keys;
    }
}
