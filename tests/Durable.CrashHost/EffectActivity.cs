using System.Globalization;
using Microsoft.DurableTask;

namespace MarketoExport.Durable.CrashHost;

/// <summary>
/// Appends "&lt;i&gt; &lt;delivery attempt&gt;" to the effects file (flushed to disk), then returns i * 10. Effect
/// <see cref="HangAt"/> prints "HANG i" and never returns (until the worker stops), so the parent can kill the process.
/// </summary>
internal sealed class EffectActivity(IActivityDeliveryInfo delivery) : TaskActivity<int, int>
{
    private static readonly Lock FileGate = new();

    public static string EffectsFile { get; set; } = string.Empty;

    public static int HangAt { get; set; } = -1;

    public override async Task<int> RunAsync(TaskActivityContext context, int input)
    {
        lock (FileGate)
        {
            using var stream = new FileStream(EffectsFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            using var writer = new StreamWriter(stream);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{input} {delivery.Attempt}"));
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        if (input == HangAt)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HANG {input}"));
            await Task.Delay(Timeout.InfiniteTimeSpan, delivery.StoppingToken);
        }

        return input * 10;
    }
}
