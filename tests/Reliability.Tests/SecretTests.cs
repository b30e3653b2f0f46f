using System.Text;
using MarketoExport.Cli;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;

namespace MarketoExport.Reliability.Tests;

/// <summary>A recognisable client secret must appear nowhere the pipeline writes or prints.</summary>
public sealed class SecretTests
{
    private const string Secret = "S3cr3t-Recognisable-XYZ";

    [Fact]
    public async Task Run_FullExportAndAnAuthFailure_SecretInNoOutputLogStateDatabaseCheckpointOrLandedFile()
    {
        await using var world = new ReliabilityWorld();
        await world.StartSimulatorAsync(Tiny(Secret, jobTickSeconds: 0.02));
        await world.ProvisionAsync();
        world.Control.AddFault(SimulatorFault.Error("602", count: 1, pathContains: "/bulk/"));
        world.Control.AddFault(SimulatorFault.Error("601", count: 1, pathContains: "/rest/"));

        // A full export in a child process (stdout and stderr captured), then the status command.
        string output = await world.RunChildToEndAsync();
        (int cpExit, string checkpoints) = await world.RunCliAsync("checkpoints", "--objects", "leads");
        Assert.Equal(ExitCodes.Success, cpExit);

        // The same secret refused by another Marketo: the failure message (an exception's text) must not carry it.
        await using var refusing = await SimulatorHost.StartAsync(Tiny("another-secret"));
        var env = new Dictionary<string, string>(world.ChildEnvironment()) { ["Marketo__BaseUrl"] = refusing.BaseUrl.ToString() };
        using ChildProcess denied = ChildProcess.StartCli(world.Root, env, ["run", "--objects", "leads", "--out", world.Landing, "--state", Path.Combine(world.Root, "denied", "export.db")]);
        int deniedExit = await denied.WaitForExitAsync(ReliabilityWorld.Generous);
        Assert.True(deniedExit == ExitCodes.Failed, denied.Output);

        world.AssertInvariants("secret", ReliabilityWorld.Since, ReliabilityWorld.Until);
        Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, checkpoints, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, denied.Output, StringComparison.Ordinal);
        Assert.Contains("export.db", string.Join(",", Directory.EnumerateFiles(world.Root, "*", SearchOption.AllDirectories)), StringComparison.Ordinal);
        byte[] needle = Encoding.UTF8.GetBytes(Secret);
        byte[] needle16 = Encoding.Unicode.GetBytes(Secret);
        foreach (string file in Directory.EnumerateFiles(world.Root, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("marketo.json", StringComparison.Ordinal)))
        {
            byte[] bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(needle) < 0 && bytes.AsSpan().IndexOf(needle16) < 0, $"the secret is in {Path.GetRelativePath(world.Root, file)}");
        }

        Assert.DoesNotContain(Secret, string.Join("\n", world.Control.GetCustomObjectRecords(ReliabilityWorld.CheckpointObject).Select(r => r.ToJsonString())), StringComparison.Ordinal);
    }

    /// <summary>The tiny data set with a client secret of the test's choosing.</summary>
    private static SimulatorOptions Tiny(string secret, double jobTickSeconds = 86_400)
    {
        SimulatorOptions options = SimulatorPresets.Tiny(jobTickSeconds);
        options.ClientSecret = secret;
        return options;
    }
}
