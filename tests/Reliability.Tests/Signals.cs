using MarketoExport.Marketo.Simulator;

namespace MarketoExport.Reliability.Tests;

/// <summary>Bounded waits on real signals from the simulator, failing with what was awaited and the child's output.</summary>
internal static class Signals
{
    public static async Task HeldAsync(SimulatorGate gate, HostProcess child, string what, int count = 1)
    {
        Task held = gate.WaitForHeldAsync(count);
        Task first;
        try
        {
            first = await Task.WhenAny(held, child.Exited).WaitAsync(ReliabilityWorld.Generous);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out after {ReliabilityWorld.Generous.TotalSeconds:0} s waiting for {what} (gate on '{gate.PathContains}'). Output:\n{child.Output}");
            throw;
        }

        if (first != held)
        {
            Assert.Fail($"The child exited before {what} (gate on '{gate.PathContains}'). Output:\n{child.Output}");
        }

        await held;
    }
}
