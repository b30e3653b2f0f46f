using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarketoExport.Bench.Export;
using MarketoExport.Orchestrations.Export;

// dotnet run -c Release --project bench/Export -- [--quick|--full] [--only download|memory|calls|slots|scale|engine]
if (args.Length > 0 && args[0] == "sim")
{
    return await SimulatorChild.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "land")
{
    return await LandChild.RunAsync(args[1..]);
}

bool full = args.Contains("--full");
int onlyAt = Array.IndexOf(args, "--only");
string? only = onlyAt >= 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1] : null;
string[] sections = ["download", "memory", "calls", "slots", "scale", "engine"];
if (only is not null && !sections.Contains(only))
{
    Console.Error.WriteLine($"error: --only {only}: use one of {string.Join(", ", sections)}");
    return 2;
}

bool Run(string s) => only is null || only == s || (only == "memory" && s == "download") || (only == "download" && s == "memory");

string root = FindRoot();
string mode = full ? "full" : "quick";
string resultPath = Path.Combine(root, "bench", "results", full ? "export.json" : "export-quick.json");
JsonObject results = File.Exists(resultPath) ? (JsonNode.Parse(File.ReadAllText(resultPath)) as JsonObject ?? []) : [];
results["mode"] = mode;
results["machine"] = Machine.Describe();
Console.WriteLine($"bench/Export {mode}: {Environment.ProcessorCount} cores, load {Machine.LoadAverage()}");

// ---------------------------------------------------------------- download throughput + memory
if (Run("download"))
{
    double bytesPerRow = await DownloadBench.CalibrateBytesPerRowAsync();
    long[] sizes = full ? [100, 1024, 4096] : [100, 300];
    long headline = full ? 1024 : 300;
    results["download"] = await DownloadBench.RunAsync(sizes, headline, bytesPerRow);
    Save();
}

// ---------------------------------------------------------------- API calls per window, delay, slot utilisation
double factor = full ? 60 : 150;
var clock = new ScaledTimeProvider(factor, new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero));
var bench = new PollingBench(clock);
double[] mixMinutes = [0.5, 1, 2, 5, 10, 20, 30];
TimeSpan[] mix = mixMinutes.Select(TimeSpan.FromMinutes).ToArray();
if (only is null or "calls" or "slots")
{
    Console.WriteLine($"calls/slots: compressed clock ×{factor} (1 simulated minute = {60 / factor:0.###} s), job tick {PollingBench.TickSeconds} s simulated (load {Machine.LoadAverage()})");
    // Mixed: an object's windows have unrelated durations (leads 30 then 5 min), the worst case for predicting a job
    // from the previous one. Steady: each object has its own typical duration per window, within ±20 % (a backfill).
    var slotMix = new Dictionary<string, double[]>
    {
        ["leads"] = [30, 5],
        ["activities"] = [10, 10],
        ["programMembers"] = [2, 1],
        ["car_c"] = [10, 0.5],
    };
    var steadyMix = new Dictionary<string, double[]>
    {
        ["leads"] = [20, 24, 17],
        ["activities"] = [8, 7, 9.5],
        ["programMembers"] = [3, 2.5, 3.5],
        ["car_c"] = [12, 10, 13],
    };
    bool runCalls = only is null or "calls";
    Task<PipelineRun>? callsRun = runCalls ? bench.RunPipelineAsync("calls", [new ExportObject(ExportObjectKind.Activities)], mix.Length, (_, i) => mix[i]) : null;
    Task<BaselineRun>? poll30 = runCalls ? bench.RunBaselineAsync(TimeSpan.FromSeconds(30), mix) : null;
    Task<BaselineRun>? poll60 = runCalls ? bench.RunBaselineAsync(TimeSpan.FromSeconds(60), mix) : null;
    ExportObject[] slotObjects = ExportObjects(customObjects: 1);
    bool runSlots = only is null or "slots";
    Task<PipelineRun>? slotsRun = runSlots
        ? bench.RunPipelineAsync("slots", slotObjects, 2, (o, i) => TimeSpan.FromMinutes(slotMix[o][i]))
        : null;
    Task<PipelineRun>? steadyRun = runSlots
        ? bench.RunPipelineAsync("slots-steady", slotObjects, 3, (o, i) => TimeSpan.FromMinutes(steadyMix[o][i]))
        : null;
    if (callsRun is not null)
    {
        results["calls"] = CallsResult(await callsRun, await poll30!, await poll60!);
        Save();
    }

    if (slotsRun is not null)
    {
        results["slots"] = SlotsResult(await slotsRun, slotMix, "mixed: an object's windows have unrelated durations");
        results["slotsSteady"] = SlotsResult(await steadyRun!, steadyMix, "steady: each object's windows within ±20 % of its own typical duration");
        Save();
    }

}

if ((only is null or "calls" or "scale") && results["calls"] is JsonObject measuredCalls)
{
    // Computed from the stored calls section, so `--only scale` redoes the models without re-running the pipeline.
    results["pollScheduleModel"] = ScheduleModel(measuredCalls);
    results["scale"] = ScaleResult(measuredCalls);
    Save();
}

// ---------------------------------------------------------------- scale: real backfills of 10 objects
if (Run("scale"))
{
    // Jobs finish at the simulator's next tick, so this measures the pipeline at scale (windows, calls, bytes, run
    // time), not Marketo's job time; that is modelled in "scale" from the calls run.
    var scaleClock = new ScaledTimeProvider(600, new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero));
    var scaleBench = new PollingBench(scaleClock);
    ExportObject[] tenObjects = ExportObjects(customObjects: 7);
    int[] backlogYears = full ? [1, 2, 4] : [1, 2];
    var rows = new JsonArray();
    JsonObject? previous = null;
    foreach (int years in backlogYears)
    {
        var until = new DateTime(2025, 12, 31, 23, 59, 59, DateTimeKind.Utc);
        DateTime since = until.AddSeconds(1).AddYears(-years);
        Console.WriteLine($"scale: {years}-year backfill of {tenObjects.Length} objects (load {Machine.LoadAverage()})");
        PipelineRun run = await scaleBench.RunBackfillAsync($"scale-{years}y", tenObjects, since, until, o =>
        {
            o.DataStart = since;
            o.DataEnd = until;
            o.Leads = 10_000 * years;
            o.Activities = 50_000L * years;
            o.ProgramMembers = 5_000L * years;
            o.CustomObjectRecords = 5_000L * years;
            o.ExtraSyntheticCustomObjects = 6;
        });
        var row = new JsonObject
        {
            ["years"] = years,
            ["windows"] = run.Jobs.Count,
            ["files"] = run.LandedFiles,
            ["calls"] = run.Calls.Counted,
            ["callsPerWindow"] = Math.Round((double)run.Calls.Counted / run.Jobs.Count, 2),
            ["landedMiB"] = Math.Round(run.LandedBytes / 1048576.0, 1),
            ["wallSeconds"] = Math.Round(run.WallSeconds, 1),
            ["wallSecondsPerWindow"] = Math.Round(run.WallSeconds / run.Jobs.Count, 3),
            ["perEndpoint"] = new JsonObject(run.Calls.PerEndpoint.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["loadAverage"] = Machine.LoadAverage(),
        };
        if (previous is not null)
        {
            row["growthVsPrevious"] = new JsonObject
            {
                ["windows"] = Math.Round((double)(int)row["windows"]! / (int)previous["windows"]!, 2),
                ["calls"] = Math.Round((double)(long)row["calls"]! / (long)previous["calls"]!, 2),
                ["bytes"] = Math.Round((double)row["landedMiB"]! / (double)previous["landedMiB"]!, 2),
                ["wall"] = Math.Round((double)row["wallSeconds"]! / (double)previous["wallSeconds"]!, 2),
            };
        }

        Console.WriteLine($"  {row["windows"]} windows, {row["calls"]} calls, {row["landedMiB"]} MiB landed, {row["wallSeconds"]} s wall");
        rows.Add(row);
        previous = row;
    }

    results["scaleRun"] = new JsonObject
    {
        ["method"] = "real ExportRunOrchestrator on DurableTask.Core with the SQLite provider (LocalDurableWorker, as the Host), 10 objects (leads, activities, program members, car_c and its "
            + "six synthetic copies car2_c..car7_c), 2 in flight, default ExportSettings, a backfill of N years ending 2025-12-31; the "
            + "simulated dataset grows with N (per year: 10,000 leads, 50,000 activities, 5,000 program members, 5,000 records per "
            + "custom object). Jobs complete at the simulator's next 5-s tick and the clock runs ×600, so the run time is the "
            + "pipeline's own cost (engine, activities, HTTP, landing) in real seconds, not Marketo's job time.",
        ["objects"] = tenObjects.Length,
        ["rows"] = rows,
    };
    Save();
}

if (Run("engine"))
{
    string enginePath = Path.Combine(root, "bench", "results", "engine.json");
    results["engine"] = File.Exists(enginePath) ? JsonNode.Parse(File.ReadAllText(enginePath)) : "bench/results/engine.json not found: run bench/Engine";
    Save();
}

results["machine"]!["loadAverageAtEnd"] = Machine.LoadAverage();
Save();
PrintSummary(results);
Console.WriteLine($"wrote {Path.GetRelativePath(root, resultPath)}");
return 0;

void Save()
{
    Directory.CreateDirectory(Path.GetDirectoryName(resultPath)!);
    File.WriteAllText(resultPath, results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
}

JsonObject CallsResult(PipelineRun p, BaselineRun b30, BaselineRun b60)
{
    IReadOnlyList<long> perWindow = p.CallsPerWindow();
    List<JobTiming> jobs = p.Jobs.OrderBy(j => j.QueuedAt).ToList();
    long bulk = p.Calls.PerEndpoint.Where(kv => kv.Key.Contains("/bulk/", StringComparison.Ordinal)).Sum(kv => kv.Value);
    long pipelineTotal = p.Calls.Counted;
    long t30 = b30.CallsPerWindow.Sum();
    long t60 = b60.CallsPerWindow.Sum();
    double medianDelay = Median(jobs.Select(j => j.DelaySeconds ?? double.NaN));
    var windows = new JsonArray();
    for (int i = 0; i < jobs.Count; i++)
    {
        windows.Add(new JsonObject
        {
            ["plannedMinutes"] = mixMinutes[i],
            ["actualSeconds"] = Math.Round(jobs[i].DurationSeconds, 1),
            ["pipelineCalls"] = i < perWindow.Count ? perWindow[i] : null,
            ["pipelineDelaySeconds"] = jobs[i].DelaySeconds is { } d ? Math.Round(d, 1) : null,
            ["poll30Calls"] = b30.CallsPerWindow[i],
            ["poll30DelaySeconds"] = Round(b30.Jobs.OrderBy(j => j.QueuedAt).ElementAt(i).DelaySeconds),
            ["poll60Calls"] = b60.CallsPerWindow[i],
            ["poll60DelaySeconds"] = Round(b60.Jobs.OrderBy(j => j.QueuedAt).ElementAt(i).DelaySeconds),
        });
    }

    return new JsonObject
    {
        ["method"] = $"compressed real clock ×{factor} shared by engine, simulator and client; one activities window per job duration, "
            + "run one after another by the real ExportRunOrchestrator with default ExportSettings (first poll 60 s, ×1.5, cap 90 s; from the second window on, polls at a third (long expectations), 0.9× and 1× of the previous job's duration first); "
            + "job duration (enqueue → Completed) set per job by a SlowQueue fault injected after the create activity; "
            + "calls = the simulator's counted /rest + /bulk calls (identity not counted). Pipeline calls per window run from one create "
            + "to the next, so they include the checkpoint writes and the next window's export-usage check. Baselines: create, enqueue, "
            + "status every N s, one file.json download, one job at a time. Delay = download activity start (pipeline) or file.json "
            + "request (baseline) minus the simulator's Completed time.",
        ["jobTickSeconds"] = PollingBench.TickSeconds,
        ["clockFactor"] = factor,
        ["windows"] = windows,
        ["pipelineCalls"] = pipelineTotal,
        ["pipelineBulkCalls"] = bulk,
        ["pipelineRunOverheadCalls"] = p.CountedAtCreate.Count > 0 ? p.CountedAtCreate[0] : null,
        ["pipelineCallsPerWindow"] = Math.Round((double)pipelineTotal / mix.Length, 2),
        ["pipelinePerEndpoint"] = new JsonObject(p.Calls.PerEndpoint.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        ["poll30Calls"] = t30,
        ["poll60Calls"] = t60,
        ["ratioToPoll30"] = Math.Round((double)pipelineTotal / t30, 3),
        ["bulkRatioToPoll30"] = Math.Round((double)bulk / t30, 3),
        ["ratioToPoll60"] = Math.Round((double)pipelineTotal / t60, 3),
        ["pipelineMedianDelaySeconds"] = Math.Round(medianDelay, 1),
        ["poll30MedianDelaySeconds"] = Math.Round(Median(b30.Jobs.Select(j => j.DelaySeconds ?? double.NaN)), 1),
        ["poll60MedianDelaySeconds"] = Math.Round(Median(b60.Jobs.Select(j => j.DelaySeconds ?? double.NaN)), 1),
        ["pipelineMeanWindowSeconds"] = Math.Round(p.MakespanSeconds / mix.Length, 1),
        ["loadAverage"] = Machine.LoadAverage(),
    };
}

JsonObject SlotsResult(PipelineRun p, Dictionary<string, double[]> plan, string scenario)
{
    var perObject = p.Jobs.GroupBy(j => j.Object).ToDictionary(g => g.Key, g => g.Sum(j => j.DurationSeconds));
    double total = perObject.Values.Sum();
    double longestJob = p.Jobs.Max(j => j.DurationSeconds);
    double longestChain = perObject.Values.Max();
    double lbJob = Math.Max(longestJob, total / 2);
    double lbChain = Math.Max(longestChain, total / 2);
    double bestWhole = BestWholeObjectSplit(perObject.Values.ToArray());
    int windowsPerObject = plan.Values.First().Length;
    return new JsonObject
    {
        ["scenario"] = scenario,
        ["method"] = $"real ExportRunOrchestrator, 4 objects (every bulk-exportable kind the simulator has) × {windowsPerObject} windows = "
            + $"{4 * windowsPerObject} jobs, 2 objects at a time in list order, default ExportSettings, same compressed clock; makespan = run "
            + "start to run end; job durations are the simulator's enqueue → Completed times. bestWholeObjectSeconds: the best split of "
            + "the objects' measured job-time sums over 2 slots when each object runs on one slot (the run's design), i.e. the "
            + "makespan with zero overhead and perfect ordering.",
        ["plannedMinutes"] = new JsonObject(plan.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)PollingBench.Array(kv.Value)))),
        ["jobs"] = p.Jobs.Count,
        ["makespanSeconds"] = Math.Round(p.MakespanSeconds, 1),
        ["totalJobSeconds"] = Math.Round(total, 1),
        ["longestJobSeconds"] = Math.Round(longestJob, 1),
        ["longestObjectSeconds"] = Math.Round(longestChain, 1),
        ["lowerBoundSeconds"] = Math.Round(lbJob, 1),
        ["ratio"] = Math.Round(p.MakespanSeconds / lbJob, 3),
        ["lowerBoundPerObjectChainSeconds"] = Math.Round(lbChain, 1),
        ["ratioPerObjectChain"] = Math.Round(p.MakespanSeconds / lbChain, 3),
        ["bestWholeObjectSeconds"] = Math.Round(bestWhole, 1),
        ["ratioToBestWholeObject"] = Math.Round(p.MakespanSeconds / bestWhole, 3),
        ["pipelineCalls"] = p.Calls.Counted,
        ["medianDelaySeconds"] = Math.Round(Median(p.Jobs.Select(j => j.DelaySeconds ?? double.NaN)), 1),
        ["maxProcessing"] = 2,
        ["timeline"] = new JsonArray(p.Jobs.OrderBy(j => j.QueuedAt).Select(j => (JsonNode)new JsonObject
        {
            ["object"] = j.Object,
            ["queuedAt"] = Math.Round((j.QueuedAt - p.Started).TotalSeconds, 1),
            ["completedAt"] = Math.Round((j.CompletedAt - p.Started).TotalSeconds, 1),
            ["downloadAt"] = j.DownloadAt is { } d ? Math.Round((d - p.Started).TotalSeconds, 1) : null,
        }).ToArray()),
        ["loadAverage"] = Machine.LoadAverage(),
    };
}

JsonObject ScaleResult(JsonObject c)
{
    const int objects = 10;
    const double assumedMiBPerWindow = 100;
    const double exportQuotaMiBPerDay = 500;
    int measuredWindows = ((JsonArray)c["windows"]!).Count;
    long perObjectOverhead = (long?)c["pipelineRunOverheadCalls"] ?? 0;
    double callsPerWindow = (double)((long)c["pipelineCalls"]! - perObjectOverhead) / measuredWindows;
    double windowSeconds = (double)c["pipelineMeanWindowSeconds"]!;
    var rows = new JsonArray();
    var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    foreach (int years in new[] { 1, 2, 4, 8 })
    {
        int windows = WindowPlanner.Plan(start, start.AddYears(years).AddSeconds(-1)).Count * objects;
        double calls = windows * callsPerWindow + objects * perObjectOverhead;
        double mib = windows * assumedMiBPerWindow;
        double jobDays = windows * windowSeconds / 2 / 86400;
        double quotaDays = mib / exportQuotaMiBPerDay;
        rows.Add(new JsonObject
        {
            ["years"] = years,
            ["windows"] = windows,
            ["calls"] = Math.Round(calls),
            ["gib"] = Math.Round(mib / 1024, 1),
            ["jobBoundDays"] = Math.Round(jobDays, 2),
            ["exportQuotaBoundDays"] = Math.Round(quotaDays, 1),
            ["wallDays"] = Math.Round(Math.Max(jobDays, quotaDays), 1),
        });
    }

    return new JsonObject
    {
        ["method"] = "computed, not run: windows from the real WindowPlanner (31-day windows) × 10 objects; calls = windows × the measured "
            + "pipeline calls per window (job-duration mix above) + per-object run overhead; job-bound time = windows × the measured mean "
            + $"window time ÷ 2 slots; bytes ASSUME {assumedMiBPerWindow} MiB per object-window; quota-bound time = bytes ÷ 500 MiB/day "
            + "(Marketo's default daily export allocation). Simulated wall time = the larger.",
        ["objects"] = objects,
        ["callsPerWindow"] = Math.Round(callsPerWindow, 2),
        ["perObjectOverheadCalls"] = perObjectOverhead,
        ["meanWindowSeconds"] = Math.Round(windowSeconds, 1),
        ["assumedMiBPerWindow"] = assumedMiBPerWindow,
        ["rows"] = rows,
    };
}

JsonObject ScheduleModel(JsonObject c)
{
    var windows = ((JsonArray)c["windows"]!).OfType<JsonObject>().ToList();
    double[] durations = windows.Select(w => (double)w["actualSeconds"]!).ToArray();
    long statusCalls = (long?)c["pipelinePerEndpoint"]?["GET /bulk/v1/activities/export/{exportId}/status.json"] ?? 0;
    long otherCalls = (long)c["pipelineCalls"]! - statusCalls;
    long poll30 = (long)c["poll30Calls"]!;
    var rows = new JsonArray();
    foreach (PollSchedule schedule in new[] { PollSchedule.Old, PollSchedule.Pipeline(60), PollSchedule.Pipeline(90), PollSchedule.Pipeline(120) })
    {
        var replay = durations.Select((d, i) => schedule.Replay(d, i == 0 ? null : durations[i - 1])).ToList();
        long polls = replay.Sum(r => (long)r.Polls);
        rows.Add(new JsonObject
        {
            ["schedule"] = schedule.Name,
            ["statusCalls"] = polls,
            ["medianDelaySeconds"] = Math.Round(Median(replay.Select(r => r.Delay)), 1),
            ["meanDelaySeconds"] = Math.Round(replay.Average(r => r.Delay), 1),
            ["delaysSeconds"] = PollingBench.Array(replay.Select(r => r.Delay)),
            ["totalCalls"] = otherCalls + polls,
            ["ratioToPoll30"] = Math.Round((double)(otherCalls + polls) / poll30, 3),
        });
    }

    return new JsonObject
    {
        ["method"] = "model, not a run: each schedule replayed on the measured job durations (enqueue → Completed) of the calls run, "
            + "the previous job's measured duration as the expectation; non-status calls as measured. The default row checks the "
            + $"model against the run ({statusCalls} status calls, median delay {c["pipelineMedianDelaySeconds"]} s); the others show "
            + "what the poll cap trades.",
        ["measuredStatusCalls"] = statusCalls,
        ["schedules"] = rows,
    };
}

// Leads, activities, program members and car_c with its synthetic copies car2_c.. (the simulator's extra custom objects).
static ExportObject[] ExportObjects(int customObjects) =>
[
    new ExportObject(ExportObjectKind.Leads) { Fields = ["id", "email", "firstName", "lastName", "company", "createdAt", "updatedAt"] },
    new ExportObject(ExportObjectKind.Activities),
    new ExportObject(ExportObjectKind.ProgramMembers) { ProgramIds = [1001], Fields = ["leadId", "programId", "statusName", "membershipDate", "updatedAt"] },
    .. Enumerable.Range(1, customObjects).Select(n => new ExportObject(ExportObjectKind.CustomObject, n == 1 ? "car_c" : $"car{n}_c")),
];

// The smallest makespan of whole objects on 2 slots: the better half of every split of the objects (they are few).
static double BestWholeObjectSplit(double[] chains)
{
    double total = chains.Sum();
    double best = double.MaxValue;
    for (int mask = 0; mask < 1 << chains.Length; mask++)
    {
        double a = chains.Where((_, i) => (mask & (1 << i)) != 0).Sum();
        best = Math.Min(best, Math.Max(a, total - a));
    }

    return best;
}

static double? Round(double? v) => v is { } x ? Math.Round(x, 1) : null;

static double Median(IEnumerable<double> values)
{
    double[] v = values.Where(x => !double.IsNaN(x)).Order().ToArray();
    return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
}

static string FindRoot()
{
    foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Durable.sln")))
            {
                return d.FullName;
            }
        }
    }

    return Directory.GetCurrentDirectory();
}

static void PrintSummary(JsonObject r)
{
    string V(string path)
    {
        JsonNode? n = r;
        foreach (string p in path.Split('.'))
        {
            n = n?[p];
        }

        return n?.ToJsonString() ?? "-";
    }

    Console.WriteLine();
    Console.WriteLine("| measure | measured | target |");
    Console.WriteLine("|---|---|---|");
    Console.WriteLine($"| download MiB/s pipeline / curl ({V("download.throughputFileMiB")} MiB) | {V("download.pipelineMiBps")} / {V("download.curlMiBps")} = {V("download.ratio")} | >= 0.8 |");
    Console.WriteLine($"| peak RSS max over sizes (MiB) | {V("download.maxPeakRssMiB")} | < 200 |");
    Console.WriteLine($"| calls pipeline / poll30 / poll60 | {V("calls.pipelineCalls")} / {V("calls.poll30Calls")} / {V("calls.poll60Calls")} (ratio {V("calls.ratioToPoll30")}, bulk-only {V("calls.bulkRatioToPoll30")}) | <= 0.5 |");
    Console.WriteLine($"| median completion-to-download delay (s) | {V("calls.pipelineMedianDelaySeconds")} | <= 60 |");
    Console.WriteLine($"| makespan / lower bound, mixed | {V("slots.ratio")} (per-object bound {V("slots.ratioPerObjectChain")}, best whole-object split {V("slots.ratioToBestWholeObject")}) | <= 1.05 |");
    Console.WriteLine($"| makespan / lower bound, steady | {V("slotsSteady.ratio")} (per-object bound {V("slotsSteady.ratioPerObjectChain")}, best whole-object split {V("slotsSteady.ratioToBestWholeObject")}) | <= 1.05 |");
    Console.WriteLine($"| engine (SQLite) activity / timer median (µs) | {V("engine.providers.sqlite.activity.medianMicroseconds")} / {V("engine.providers.sqlite.timer.medianMicroseconds")} | <= 2000 (activity) |");
}

