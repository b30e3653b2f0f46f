using System.Globalization;

namespace MarketoExport.Marketo.Simulator.Faults;

/// <summary>Holds the active faults and decides, call by call, which one fires.</summary>
internal sealed class FaultInjector(int seed)
{
    private readonly object _sync = new();
    private readonly List<Active> _faults = [];
    private readonly Random _random = new(seed);
    private int _nextId;

    private sealed class Active(SimulatorFault fault)
    {
        public SimulatorFault Fault { get; } = fault;

        public int? Remaining { get; set; } = fault.Count;
    }

    public SimulatorFault Add(SimulatorFault fault)
    {
        if (fault.Probability is < 0 or > 1)
        {
            throw new ArgumentException("Probability must be between 0 and 1.", nameof(fault));
        }

        lock (_sync)
        {
            var withId = fault with { Id = fault.Id ?? ("fault-" + (++_nextId).ToString(CultureInfo.InvariantCulture)) };
            _faults.Add(new Active(withId));
            return withId;
        }
    }

    public IReadOnlyList<SimulatorFault> List()
    {
        lock (_sync)
        {
            return [.. _faults.Select(a => a.Fault with { Count = a.Remaining })];
        }
    }

    public bool Remove(string id)
    {
        lock (_sync)
        {
            return _faults.RemoveAll(a => a.Fault.Id == id) > 0;
        }
    }

    public void Clear()
    {
        lock (_sync)
        {
            _faults.Clear();
        }
    }

    /// <summary>Consumes and returns the first fault of one of <paramref name="kinds"/> that matches, or null.</summary>
    public SimulatorFault? Take(string path, Func<SimulatorFault, bool>? filter, params SimulatorFaultKind[] kinds)
    {
        lock (_sync)
        {
            foreach (var active in _faults)
            {
                var f = active.Fault;
                if (!kinds.Contains(f.Kind)
                    || (f.PathContains is not null && !path.Contains(f.PathContains, StringComparison.OrdinalIgnoreCase))
                    || (filter is not null && !filter(f)))
                {
                    continue;
                }

                if (f.Probability is { } p && _random.NextDouble() >= p)
                {
                    continue;
                }

                if (active.Remaining is { } remaining)
                {
                    active.Remaining = remaining - 1;
                    if (remaining - 1 <= 0)
                    {
                        _faults.Remove(active);
                    }
                }

                return f;
            }

            return null;
        }
    }
}
