using MarketoExport.Marketo.Simulator.CustomObjects;
using MarketoExport.Marketo.Simulator.Data;
using MarketoExport.Marketo.Simulator.Faults;

namespace MarketoExport.Marketo.Simulator.Engine;

/// <summary>All simulator state for one host.</summary>
internal sealed class SimulatorState : IDisposable
{
    private readonly object _gatesSync = new();
    private readonly List<SimulatorGate> _gates = [];

    public SimulatorState(SimulatorOptions options)
    {
        Options = options;
        Clock = new QuotaClock(options.TimeProvider, options.QuotaTimeZoneId);
        Tokens = new TokenStore(options);
        Calls = new CallLedger(options, Clock);
        Faults = new FaultInjector(options.Seed);
        Data = new SyntheticDataset(options);
        CustomObjects = new CustomObjectStore(options, Faults);
        Exports = new ExportEngine(options, Clock, Faults, Data, CustomObjects);
    }

    public SimulatorOptions Options { get; }

    public QuotaClock Clock { get; }

    public TokenStore Tokens { get; }

    public CallLedger Calls { get; }

    public FaultInjector Faults { get; }

    public SyntheticDataset Data { get; }

    public CustomObjectStore CustomObjects { get; }

    public ExportEngine Exports { get; }

    public SimulatorGate AddGate(string? pathContains)
    {
        var gate = new SimulatorGate(pathContains, RemoveGate);
        lock (_gatesSync)
        {
            _gates.Add(gate);
        }

        return gate;
    }

    public SimulatorGate? MatchGate(string path)
    {
        lock (_gatesSync)
        {
            return _gates.FirstOrDefault(g => g.Matches(path));
        }
    }

    private void RemoveGate(SimulatorGate gate)
    {
        lock (_gatesSync)
        {
            _gates.Remove(gate);
        }
    }

    public void Dispose()
    {
        Exports.Dispose();
        lock (_gatesSync)
        {
            foreach (var gate in _gates.ToList())
            {
                gate.Release();
            }
        }
    }
}
