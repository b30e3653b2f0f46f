// Engine overhead benchmark: what DurableTask.Core adds per sequential activity call and per due-now durable timer,
// hosted by LocalDurableWorker over the SQLite provider and over DurableTask.AzureStorage against Azurite, next to a
// plain await of the same work. Run in Release:
//   dotnet build -c Release bench/Engine
//   dotnet bench/Engine/bin/Release/net10.0/MarketoExport.Bench.Engine.dll [sqlite-steps] [--azure-steps N] [--only sqlite|azure]
//   dotnet bench/Engine/bin/Release/net10.0/MarketoExport.Bench.Engine.dll readme-run --host LABEL=HOST.dll ... [--reps N]
// Writes bench/results/engine.json (or readme-run.json), relative to the repository root.
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.AzureStorage;
using MarketoExport.Bench.Engine;
using MarketoExport.Durable;
using MarketoExport.Durable.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

string root = FindRoot();
if (args.Length > 0 && args[0] == "readme-run")
{
    return await ReadmeRun.RunAsync(args[1..], root);
}

int sqliteSteps = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3000;
int azureSteps = Option("--azure-steps") is { } a ? int.Parse(a, CultureInfo.InvariantCulture) : 500;
string? only = Option("--only");
const int StepsPerInstance = 100;
bool optimized = IsOptimized(typeof(LocalDurableWorker).Assembly) && IsOptimized(typeof(Program).Assembly);
if (!optimized)
{
    Console.WriteLine("warning: MarketoExport.Durable or the bench is a Debug build; build with -c Release for figures");
}

string output = Path.Combine(root, "bench", "results", "engine.json");
JsonObject previous = File.Exists(output) ? JsonNode.Parse(File.ReadAllText(output)) as JsonObject ?? [] : [];
var results = new JsonObject
{
    ["ranAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    ["machine"] = new JsonObject
    {
        ["processorCount"] = Environment.ProcessorCount,
        ["cpuModel"] = Machine.CpuModel(),
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        ["releaseBuild"] = optimized,
        ["loadAverageAtStart"] = Machine.LoadAverage(),
    },
    ["stepsPerInstance"] = StepsPerInstance,
    ["method"] = "sequential steps in one orchestration instance (100 per instance, as many instances as needed); one sample = the gap "
        + "between two consecutive replay-safe log ticks of the orchestrator, i.e. one full durable round trip. Activity legs: tick → "
        + "activity start (the turn's commit, the activity fetch), the activity body, activity end → next tick (the result's commit, the "
        + "orchestration fetch, the replay). One warm-up instance of each kind first, not counted. cpu*PerStep = this process's CPU "
        + "time over the measured steps ÷ steps (externalCpu: Azurite's node process); allocations, collections and GC pauses of "
        + "this process over the same steps.",
};

var ticks = new TickRecorder();
using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddProvider(ticks).SetMinimumLevel(LogLevel.Information)
    .AddFilter("MarketoExport.Durable", LogLevel.Warning).AddFilter("DurableTask", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning));
await using ServiceProvider services = new ServiceCollection().BuildServiceProvider();

// ---------------------------------------------------------------- plain await
Summary plainActivity = Summary.Of(Plain(3000, async i => await WorkActivity.DoWorkAsync(i)));
Summary plainTimer = Summary.Of(Plain(3000, async _ => await Task.Yield()));
results["plainAwait"] = new JsonObject
{
    ["note"] = "the Work activity's body (await Task.Yield(); x + 1) awaited directly, and a bare await Task.Yield() for the timer",
    ["activity"] = plainActivity.ToJson(),
    ["timer"] = plainTimer.ToJson(),
};

var providers = new JsonObject();
results["providers"] = providers;
PrintHeader();
Print("plain await", "activity", plainActivity, null);
Print("plain await", "timer", plainTimer, null);

// ---------------------------------------------------------------- SQLite through LocalDurableWorker
if (only is null or "sqlite")
{
    string work = Directory.CreateTempSubdirectory("engine-bench-").FullName;
    var options = new SqliteOrchestrationServiceOptions { DatabasePath = Path.Combine(work, "bench.db") };
    var store = new SqliteOrchestrationService(options, loggers);
    try
    {
        providers["sqlite"] = await MeasureAsync("sqlite", store, sqliteSteps, new JsonObject
        {
            ["provider"] = "MarketoExport.Durable.Sqlite.SqliteOrchestrationService (this repository)",
            ["database"] = "a file in the temp folder, WAL, synchronous=NORMAL",
            ["maxConcurrentActivities"] = options.MaxConcurrentActivities,
            ["maxConcurrentOrchestrations"] = options.MaxConcurrentOrchestrations,
            ["clock"] = "system",
        }, null);
    }
    finally
    {
        await store.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }
}

// ---------------------------------------------------------------- DurableTask.AzureStorage against Azurite
if (only is null or "azure")
{
    await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(root);
    var settings = new AzureStorageOrchestrationServiceSettings
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(azurite.ConnectionString),
        TaskHubName = "enginebench",
        WorkerId = "engine-bench",
        UseTablePartitionManagement = true,
        MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100),
        LoggerFactory = loggers,
    };
    var service = new AzureStorageOrchestrationService(settings);
    string azureVersion = typeof(AzureStorageOrchestrationService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
    providers["azureStorage"] = await MeasureAsync("azure", service, azureSteps, new JsonObject
    {
        ["provider"] = $"DurableTask.AzureStorage {azureVersion.Split('+')[0]} (Microsoft.Azure.DurableTask.AzureStorage, pinned in Directory.Packages.props)",
        ["emulator"] = $"Azurite {azurite.Version} (tests/Activities.Tests/azurite lock file), in memory, on 127.0.0.1 "
            + (azurite.StandardPorts ? "10000-10002: the standard development connection string" : $"{azurite.BlobPort}/{azurite.QueuePort}/{azurite.TablePort} (10000-10002 were taken): the development account's connection string on those ports"),
        ["useTablePartitionManagement"] = settings.UseTablePartitionManagement,
        ["maxQueuePollingIntervalMs"] = settings.MaxQueuePollingInterval.TotalMilliseconds,
        ["minQueuePollingIntervalMs"] = "50 (fixed in DurableTask.AzureStorage; a message this process sends wakes its poller at once)",
        ["partitionCount"] = settings.PartitionCount,
        ["extendedSessionsEnabled"] = settings.ExtendedSessionsEnabled,
        ["maxConcurrentTaskActivityWorkItems"] = settings.MaxConcurrentTaskActivityWorkItems,
        ["maxConcurrentTaskOrchestrationWorkItems"] = settings.MaxConcurrentTaskOrchestrationWorkItems,
        ["workerId"] = settings.WorkerId,
    }, () => ProcessCpuSeconds(azurite.ProcessId));
}

// ---------------------------------------------------------------- the old engine and the targets
results["oldEmbeddedEngine"] = previous["oldEmbeddedEngine"]?.DeepClone() ?? OldEngine(previous);
if (providers["sqlite"] is JsonObject sqlite)
{
    double median = (double)sqlite["activity"]!["medianMicroseconds"]!;
    results["target"] = new JsonObject
    {
        ["sqliteActivityMedianAtMostMicroseconds"] = 2000,
        ["measuredMicroseconds"] = median,
        ["met"] = median <= 2000,
    };
}

results["machine"]!["loadAverageAtEnd"] = Machine.LoadAverage();
if (only is not null && previous["providers"] is JsonObject kept)
{
    // A partial run keeps the other provider's last figures.
    foreach ((string key, JsonNode? value) in kept)
    {
        if (providers[key] is null)
        {
            providers[key] = value?.DeepClone();
        }
    }
}

Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Machine.CpuModel()}, {results["machine"]!["runtime"]}, load {results["machine"]!["loadAverageAtStart"]} → {results["machine"]!["loadAverageAtEnd"]}");
Console.WriteLine($"written: {output}");
return 0;

async Task<JsonObject> MeasureAsync(string name, DurableTask.Core.IOrchestrationService service, int steps, JsonObject settings, Func<double>? externalCpu)
{
    await using var loop = new StepLoop(service, services, loggers, ticks, StepsPerInstance) { ExternalCpuSeconds = externalCpu };
    string loadAtStart = Machine.LoadAverage();
    var started = Stopwatch.StartNew();
    await loop.StartAsync();
    double startSeconds = started.Elapsed.TotalSeconds;
    await loop.RunAsync(StepLoop.Activities, StepsPerInstance); // warm-up
    await loop.RunAsync(StepLoop.Timers, StepsPerInstance);
    StepRun activity = await loop.RunAsync(StepLoop.Activities, steps);
    StepRun timer = await loop.RunAsync(StepLoop.Timers, steps);
    Summary a = Summary.Of(activity.Steps);
    Summary t = Summary.Of(timer.Steps);
    Print(name, "activity", a, activity);
    Print(name, "timer", t, timer);
    JsonObject activityJson = a.ToJson();
    activityJson["overMedianPlainMicroseconds"] = Math.Round(a.Median - plainActivity.Median, 1);
    activityJson["legs"] = new JsonObject
    {
        ["tickToActivityStartMedianMicroseconds"] = Math.Round(Summary.Of(activity.ToActivity).Median, 1),
        ["activityBodyMedianMicroseconds"] = Math.Round(Summary.Of(activity.ActivityBody).Median, 1),
        ["activityEndToNextTickMedianMicroseconds"] = Math.Round(Summary.Of(activity.BackToOrchestrator).Median, 1),
    };
    Costs(activityJson, activity);
    ByHistory(activityJson, activity);
    JsonObject timerJson = t.ToJson();
    timerJson["overMedianPlainMicroseconds"] = Math.Round(t.Median - plainTimer.Median, 1);
    Costs(timerJson, timer);
    ByHistory(timerJson, timer);
    return new JsonObject
    {
        ["settings"] = settings,
        ["steps"] = steps,
        ["workerStartSeconds"] = Math.Round(startSeconds, 2),
        ["activity"] = activityJson,
        ["timer"] = timerJson,
        ["loadAverageAtStart"] = loadAtStart,
        ["loadAverageAtEnd"] = Machine.LoadAverage(),
    };
}

// Each turn replays the instance's whole history: the first steps of an instance replay little, the last ones ~100 steps.
static void ByHistory(JsonObject json, StepRun run)
{
    const int Edge = 20;
    int last = run.StepIndex.Count == 0 ? 0 : run.StepIndex.Max();
    json["medianFirst20StepsOfInstanceMicroseconds"] = Math.Round(Summary.Of([.. run.Steps.Where((_, i) => run.StepIndex[i] < Edge)]).Median, 1);
    json["medianLast20StepsOfInstanceMicroseconds"] = Math.Round(Summary.Of([.. run.Steps.Where((_, i) => run.StepIndex[i] > last - Edge)]).Median, 1);
}

static void Costs(JsonObject json, StepRun run)
{
    json["cpuMicrosecondsPerStep"] = Math.Round(run.CpuSeconds * 1e6 / run.Steps.Count, 1);
    json["allocatedKiBPerStep"] = Math.Round(run.AllocatedBytes / 1024.0 / run.Steps.Count, 1);
    json["gcPerThousandSteps"] = new JsonObject
    {
        ["gen0"] = Math.Round(run.Gen0Collections * 1000.0 / run.Steps.Count, 1),
        ["gen1"] = Math.Round(run.Gen1Collections * 1000.0 / run.Steps.Count, 1),
        ["gen2"] = Math.Round(run.Gen2Collections * 1000.0 / run.Steps.Count, 1),
    };
    json["gcPauseMicrosecondsPerStep"] = Math.Round(run.GcPauseSeconds * 1e6 / run.Steps.Count, 1);
    if (run.ExternalCpuSeconds > 0)
    {
        json["externalCpuMicrosecondsPerStep"] = Math.Round(run.ExternalCpuSeconds * 1e6 / run.Steps.Count, 1);
    }
}

void PrintHeader() => Console.WriteLine($"{"",-12}{"step",-10}{"median µs",12}{"p90 µs",10}{"p95 µs",10}{"mean µs",10}{"cpu µs/step",13}{"ext cpu",10}");

void Print(string provider, string kind, Summary s, StepRun? run)
    => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{provider,-12}{kind,-10}{s.Median,12:F1}{s.P90,10:F1}{s.P95,10:F1}{s.Mean,10:F1}{(run is null ? "" : (run.CpuSeconds * 1e6 / run.Steps.Count).ToString("F0", CultureInfo.InvariantCulture)),13}{(run is null || run.ExternalCpuSeconds <= 0 ? "" : (run.ExternalCpuSeconds * 1e6 / run.Steps.Count).ToString("F0", CultureInfo.InvariantCulture)),10}"));

string? Option(string name)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

// The home-made engine's last figures (src/Runtime.Embedded, deleted), kept from the old engine.json.
static JsonNode OldEngine(JsonObject previous) => previous["activity"] is not null
    ? new JsonObject
    {
        ["note"] = "the home-made embedded engine (src/Runtime.Embedded, deleted when the project moved to DurableTask.Core); its last "
            + "bench/Engine run, same method (3000 steps, 100 per instance), not re-measured",
        ["measured"] = previous.DeepClone(),
    }
    : "no earlier figures";

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

static bool IsOptimized(Assembly assembly) => assembly.GetCustomAttribute<DebuggableAttribute>() is not { IsJITOptimizerDisabled: true };

static double ProcessCpuSeconds(int pid)
{
    try
    {
        // /proc/<pid>/stat: utime and stime (fields 14, 15) in clock ticks (USER_HZ, 100 on Linux).
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
    catch (IOException)
    {
        return 0;
    }
}



static string FindRoot()
{
    foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Durable.sln")))
            {
                return dir.FullName;
            }
        }
    }

    return Directory.GetCurrentDirectory();
}
