// Engine overhead benchmark: median cost of one activity call and one durable timer on DurableTask.Core with the
// SQLite provider (LocalDurableWorker),
// side by side with a plain await of the same work. Run in Release:
//   dotnet run -c Release --project bench/Engine [-- <iterations>]
// Writes bench/results/engine.json (path relative to the repository root).
using System.Diagnostics;
using System.Text.Json;
using MarketoExport.Bench.Engine;
using MarketoExport.Durable;
using MarketoExport.Durable.Sqlite;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

int iterations = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3000;
const int StepsPerInstance = 100;
string root = FindRoot();
string work = Path.Combine(Path.GetTempPath(), "engine-bench-" + Environment.ProcessId);
Directory.CreateDirectory(work);

string loadAtStart = LoadAverage();
var ticks = new TickRecorder();
using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddProvider(ticks).SetMinimumLevel(LogLevel.Information).AddFilter("MarketoExport.Durable", LogLevel.Warning).AddFilter("DurableTask", LogLevel.Warning));
var registry = new DurableTaskRegistry()
    .AddOrchestrator("Activities", () => new ActivityLoopOrchestrator())
    .AddOrchestrator("Timers", () => new TimerLoopOrchestrator())
    .AddActivity("Work", _ => new WorkActivity());
await using ServiceProvider services = new ServiceCollection().BuildServiceProvider();
await using var store = new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = Path.Combine(work, "bench.db") }, loggers);
await using var worker = new LocalDurableWorker(store, services, registry, loggerFactory: loggers);
await worker.StartAsync();
DurableTaskClient engine = worker.CreateClient();

double[] plainActivity = Plain(iterations, async i => await WorkActivity.DoWorkAsync(i));
double[] plainTimer = Plain(iterations, async _ => await Task.Yield());
await RunAsync("Activities", StepsPerInstance); // warm-up
await RunAsync("Timers", StepsPerInstance);
double[] engineActivity = await RunAsync("Activities", iterations);
double[] engineTimer = await RunAsync("Timers", iterations);
await worker.StopAsync();
await store.DisposeAsync();
Directory.Delete(work, recursive: true);

var result = new BenchResult(
    DateTimeOffset.UtcNow,
    new MachineInfo(Environment.ProcessorCount, CpuModel(), System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, loadAtStart),
    iterations,
    StepsPerInstance,
    new Measurement("activity call", Median(plainActivity), Median(engineActivity), Median(engineActivity) - Median(plainActivity), Percentile(engineActivity, 0.9)),
    new Measurement("durable timer (due now)", Median(plainTimer), Median(engineTimer), Median(engineTimer) - Median(plainTimer), Percentile(engineTimer, 0.9)));
string output = Path.Combine(root, "bench", "results", "engine.json");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, BenchJson.Default.BenchResult) + "\n");
Console.WriteLine($"machine: {result.Machine.ProcessorCount} cores, {result.Machine.CpuModel}, {result.Machine.Os}, {result.Machine.Runtime}, load average at start {result.Machine.LoadAverage}");
Console.WriteLine($"iterations: {iterations} (instances of {StepsPerInstance} sequential steps)");
Console.WriteLine($"{"",-26}{"plain await µs",16}{"engine µs",12}{"overhead µs",14}{"engine p90 µs",15}");
foreach (Measurement m in new[] { result.Activity, result.Timer })
{
    Console.WriteLine($"{m.Name,-26}{m.PlainMedianMicroseconds,16:F2}{m.EngineMedianMicroseconds,12:F1}{m.OverheadMicroseconds,14:F1}{m.EngineP90Microseconds,15:F1}");
}

Console.WriteLine($"written: {output}");
return 0;

// Runs instances of StepsPerInstance steps until `count` steps ran; each step's duration is the gap between two
// consecutive ticks the orchestrator logs (replay-safe: logged once, when the step's result is new).
async Task<double[]> RunAsync(string orchestrator, int count)
{
    var samples = new List<double>(count);
    for (int done = 0; done < count; done += StepsPerInstance)
    {
        ticks.Clear();
        string id = await engine.ScheduleNewOrchestrationInstanceAsync(orchestrator, Math.Min(StepsPerInstance, count - done));
        OrchestrationMetadata meta = await engine.WaitForInstanceCompletionAsync(id);
        if (meta.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"Benchmark instance {id} ended {meta.RuntimeStatus}: {meta.FailureDetails?.ErrorMessage}");
        }

        long[] stamps = ticks.Snapshot();
        for (int i = 1; i < stamps.Length; i++)
        {
            samples.Add(Stopwatch.GetElapsedTime(stamps[i - 1], stamps[i]).TotalMicroseconds);
        }
    }

    return [.. samples];
}

static double[] Plain(int count, Func<int, Task> step)
{
    var samples = new double[count];
    for (int i = 0; i < count; i++)
    {
        long start = Stopwatch.GetTimestamp();
        step(i).GetAwaiter().GetResult();
        samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    return samples;
}

static double Median(double[] values) => Percentile(values, 0.5);

static double Percentile(double[] values, double p)
{
    double[] sorted = [.. values.Order()];
    return sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
}

static string CpuModel()
{
    try
    {
        string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
    catch (IOException)
    {
        return "unknown";
    }
}

static string LoadAverage()
{
    try
    {
        return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "unknown";
    }
}

static string FindRoot()
{
    for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Durable.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
