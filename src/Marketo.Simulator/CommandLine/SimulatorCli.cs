using System.Runtime.InteropServices;

namespace MarketoExport.Marketo.Simulator.CommandLine;

/// <summary>The standalone entry point: parse flags, start, print the base URL and client id, run until stopped.</summary>
internal static class SimulatorCli
{
    public const int BadArguments = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken stop)
    {
        if (!SimulatorCommandLine.TryParse(args, out var options, out var problem, out var help))
        {
            await error.WriteLineAsync($"error: {problem}. Run with --help for the list of flags.");
            return BadArguments;
        }

        if (help)
        {
            await output.WriteLineAsync(SimulatorCommandLine.Usage);
            return 0;
        }

        SimulatorHost host;
        try
        {
            host = await SimulatorHost.StartAsync(options, stop);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync("error: " + e.Message);
            return BadArguments;
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"error: cannot listen on {options.Urls}: {e.Message}. Pick another --urls port.");
            return 1;
        }

        await using (host)
        {
            // Only the client id is printed: the secret never goes to output.
            await output.WriteLineAsync($"Marketo simulator listening on {host.BaseUrl.GetLeftPart(UriPartial.Authority)}");
            await output.WriteLineAsync($"client id: {options.ClientId}");
            await output.WriteLineAsync("Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, stop);
            }
            catch (OperationCanceledException)
            {
                // stopping
            }
        }

        return 0;
    }

    public static async Task<int> MainAsync(string[] args)
    {
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        return await RunAsync(args, Console.Out, Console.Error, stop.Token);
    }
}
