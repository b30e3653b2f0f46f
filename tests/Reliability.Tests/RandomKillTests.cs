using System.Globalization;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;

namespace MarketoExport.Reliability.Tests;

/// <summary>
/// SIGKILL at a random point, <c>RELIABILITY_KILLS</c> times in a row (default 3), then a run to the end. The point is
/// a random API call (1..24) of the child, reached by stepping the simulator's calls one at a time through
/// <see cref="SimulatorGate"/>s; the child is killed either while that call is held or right after it is answered.
/// The seed (<c>RELIABILITY_SEED</c>) is printed on failure and reproduces the sequence.
/// </summary>
public sealed class RandomKillTests
{
    [Fact]
    public async Task Run_KilledAtRandomCallsNTimes_ThenCompletes_EveryRecordOnceNoDuplicateJobs()
        => await RunSeedAsync(EnvInt("RELIABILITY_SEED", Random.Shared.Next()), EnvInt("RELIABILITY_KILLS", 3));

    /// <summary>
    /// Seeds that once failed, kept as fixed cases. 1162353615: killed right after Marketo answered the create, the
    /// engine re-ran the create activity on restart and made a second job (fixed: a re-run create adopts the first).
    /// </summary>
    [Theory]
    [InlineData(1162353615)]
    public async Task Run_KilledAtTheCallsOfAKnownBadSeed_ThenCompletes_EveryRecordOnceNoDuplicateJobs(int seed)
        => await RunSeedAsync(seed, 3);

    /// <summary>Kills and completes as <paramref name="seed"/> decides; a failure names the seed and the kills to reproduce it.</summary>
    private static async Task RunSeedAsync(int seed, int kills)
    {
        var history = new List<string>();
        try
        {
            await KillAndCompleteAsync(kills, new Random(seed), history);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                $"Randomised kill test failed; reproduce with RELIABILITY_SEED={seed} RELIABILITY_KILLS={kills}. Kills: {string.Join("; ", history)}.\n{ex.Message}", ex);
        }
    }

    private static async Task KillAndCompleteAsync(int kills, Random rng, List<string> history)
    {
        await using var world = new ReliabilityWorld();
        await world.StartSimulatorAsync(SimulatorPresets.Tiny(jobTickSeconds: 0.03));
        await world.ProvisionAsync();
        SimulatorControl control = world.Control;

        for (int k = 1; k <= kills; k++)
        {
            int target = rng.Next(1, 25);
            bool whileHeld = rng.Next(2) == 0;
            using ChildProcess child = world.StartChildRun();
            SimulatorGate gate = control.Hold();
            int step = 0;
            bool finished = false;
            try
            {
                while (true)
                {
                    Task held = gate.WaitForHeldAsync(1);
                    if (await Task.WhenAny(held, child.Exited).WaitAsync(ReliabilityWorld.Generous) != held)
                    {
                        finished = true;
                        break;
                    }

                    if (++step >= target)
                    {
                        break;
                    }

                    SimulatorGate next = control.Hold();
                    gate.Release();
                    gate = next;
                }

                if (!whileHeld)
                {
                    gate.Release();
                }

                child.Kill();
            }
            finally
            {
                gate.Release();
            }

            history.Add(finished ? $"#{k}: run finished before call {target}" : $"#{k}: call {target} {(whileHeld ? "held" : "answered")}");
        }

        string output = await world.RunChildToEndAsync();
        history.Add("final run: " + output.Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim());
        world.AssertInvariants("random kills", ReliabilityWorld.Since, ReliabilityWorld.Until);
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : fallback;
}
