using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;

namespace MarketoExport.Reliability.Tests;

/// <summary>Bounded waits on real signals from the simulator, failing with what was awaited and the child's output.</summary>
internal static class Signals
{
    public static Task HeldAsync(SimulatorGate gate, ChildProcess child, string what, int count = 1)
        => child.WhileRunningAsync(gate.WaitForHeldAsync(count), $"{what} (gate on '{gate.PathContains}')", ReliabilityWorld.Generous);
}
