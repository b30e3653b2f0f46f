using System.Diagnostics;

namespace MarketoExport.Bench.Engine;

/// <summary>Stopwatch timestamps of each Work activity's start and end, to split a step into its legs.</summary>
internal sealed class ActivityStamps
{
    private readonly List<(long Start, long End)> _stamps = [];

    public void Add(long start)
    {
        long end = Stopwatch.GetTimestamp();
        lock (_stamps)
        {
            _stamps.Add((start, end));
        }
    }

    public void Clear()
    {
        lock (_stamps)
        {
            _stamps.Clear();
        }
    }

    public (long Start, long End)[] Snapshot()
    {
        lock (_stamps)
        {
            return [.. _stamps];
        }
    }
}
