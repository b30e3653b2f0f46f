using System.Diagnostics;
using DurableTask.Core;
using MarketoExport.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Bench.Engine;

/// <summary>
/// Runs the activity and timer loops on one DurableTask.Core provider through <see cref="LocalDurableWorker"/> and
/// times every step: the gap between two consecutive replay-safe ticks of the orchestrator.
/// </summary>
internal sealed class StepLoop(IOrchestrationService service, IServiceProvider services, ILoggerFactory loggers, TickRecorder ticks, int stepsPerInstance) : IAsyncDisposable
{
    public const string Activities = "Activities";
    public const string Timers = "Timers";

    private readonly ActivityStamps _stamps = new();
    private LocalDurableWorker? _worker;
    private DurableTaskClient? _client;

    /// <summary>CPU seconds of another process that does part of the work (Azurite), or null.</summary>
    public Func<double>? ExternalCpuSeconds { get; init; }

    public async Task StartAsync()
    {
        var registry = new DurableTaskRegistry()
            .AddOrchestrator(Activities, () => new ActivityLoopOrchestrator())
            .AddOrchestrator(Timers, () => new TimerLoopOrchestrator())
            .AddActivity("Work", _ => new WorkActivity(_stamps));
        _worker = new LocalDurableWorker(service, services, registry, loggerFactory: loggers);
        await _worker.StartAsync();
        _client = _worker.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
            _worker = null;
        }
    }

    /// <summary>Runs instances of <c>stepsPerInstance</c> steps until <paramref name="count"/> steps ran.</summary>
    public async Task<StepRun> RunAsync(string orchestrator, int count)
    {
        var steps = new List<double>(count);
        var index = new List<int>(count);
        var toActivity = new List<double>(count);
        var body = new List<double>(count);
        var back = new List<double>(count);
        double wall = 0;
        double cpuStart = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        double externalStart = ExternalCpuSeconds?.Invoke() ?? 0;
        long allocatedStart = GC.GetTotalAllocatedBytes(precise: false);
        int[] collectionsStart = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        TimeSpan pauseStart = GC.GetTotalPauseDuration();
        for (int done = 0; done < count; done += stepsPerInstance)
        {
            ticks.Clear();
            _stamps.Clear();
            string id = await _client!.ScheduleNewOrchestrationInstanceAsync(orchestrator, Math.Min(stepsPerInstance, count - done));
            OrchestrationMetadata meta = await _client.WaitForInstanceCompletionAsync(id);
            if (meta.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"Benchmark instance {id} ended {meta.RuntimeStatus}: {meta.FailureDetails?.ErrorMessage}");
            }

            long[] stamps = ticks.Snapshot();
            (long Start, long End)[] activity = _stamps.Snapshot();
            for (int i = 1; i < stamps.Length; i++)
            {
                steps.Add(Stopwatch.GetElapsedTime(stamps[i - 1], stamps[i]).TotalMicroseconds);
                index.Add(i - 1);
                if (orchestrator == Activities && activity.Length == stamps.Length - 1)
                {
                    (long start, long end) = activity[i - 1];
                    toActivity.Add(Stopwatch.GetElapsedTime(stamps[i - 1], start).TotalMicroseconds);
                    body.Add(Stopwatch.GetElapsedTime(start, end).TotalMicroseconds);
                    back.Add(Stopwatch.GetElapsedTime(end, stamps[i]).TotalMicroseconds);
                }
            }

            if (stamps.Length > 1)
            {
                wall += Stopwatch.GetElapsedTime(stamps[0], stamps[^1]).TotalSeconds;
            }
        }

        double cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpuStart;
        double external = (ExternalCpuSeconds?.Invoke() ?? 0) - externalStart;
        return new StepRun(steps, index, toActivity, body, back, wall, cpu, external,
            GC.GetTotalAllocatedBytes(precise: false) - allocatedStart,
            GC.CollectionCount(0) - collectionsStart[0],
            GC.CollectionCount(1) - collectionsStart[1],
            GC.CollectionCount(2) - collectionsStart[2],
            (GC.GetTotalPauseDuration() - pauseStart).TotalSeconds);
    }
}
