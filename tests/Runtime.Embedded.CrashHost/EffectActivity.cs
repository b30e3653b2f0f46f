using MarketoExport.Orchestrations.Abstractions;

namespace MarketoExport.Runtime.Embedded.CrashHost;

/// <summary>Appends "&lt;i&gt; &lt;attempt&gt;" to the effects file (flushed to disk), then returns i * 10.</summary>
internal sealed class EffectActivity(string effectsFile, int hangAt) : Activity<int, int>
{
    private static readonly Lock FileGate = new();

    public override async Task<int> RunAsync(ActivityContext context, int input, CancellationToken cancellationToken)
    {
        lock (FileGate)
        {
            using var stream = new FileStream(effectsFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            using var writer = new StreamWriter(stream);
            writer.WriteLine($"{input} {context.Attempt}");
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        if (input == hangAt)
        {
            Console.WriteLine($"HANG {input}");
            var never = new TaskCompletionSource<int>();
            using CancellationTokenRegistration registration = cancellationToken.Register(() => never.TrySetCanceled(cancellationToken));
            return await never.Task;
        }

        return input * 10;
    }
}
