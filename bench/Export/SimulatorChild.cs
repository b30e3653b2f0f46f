using System.Globalization;
using MarketoExport.Marketo.Simulator;

namespace MarketoExport.Bench.Export;

/// <summary>
/// <c>sim ACTIVITIES DATA-START DATA-END</c>: a simulator in its own process (so its memory is not the exporter's),
/// with a fast job clock and no practical export quota. Prints <c>URL …</c> and runs until stdin closes.
/// </summary>
internal static class SimulatorChild
{
    public const string ReadyPrefix = "URL ";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new SimulatorOptions
        {
            Activities = long.Parse(args[0], CultureInfo.InvariantCulture),
            DataStart = DateTimeOffset.Parse(args[1], CultureInfo.InvariantCulture),
            DataEnd = DateTimeOffset.Parse(args[2], CultureInfo.InvariantCulture),
            JobTickSeconds = 0.05,
            ExportQuotaMb = 1_000_000,
        };
        await using SimulatorHost sim = await SimulatorHost.StartAsync(options);
        Console.WriteLine(ReadyPrefix + sim.BaseUrl);
        await Console.In.ReadToEndAsync();
        return 0;
    }
}
