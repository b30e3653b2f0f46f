using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using MarketoExport.Activities;
using MarketoExport.Marketo;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Marketo.CustomObjects;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Durable;
using MarketoExport.Durable.Sqlite;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MarketoExport.Bench.Export;

/// <summary>
/// API calls per window, completion-to-download delay and slot utilisation, on a compressed clock shared by the
/// engine, the simulator and the Marketo client. The pipeline runs with its Marketo-paced defaults
/// (<see cref="ExportSettings"/>). A job's duration (enqueue → Completed) is set
/// per job with the simulator's SlowQueue fault, injected right after the real create activity returns its id.
/// </summary>
internal sealed class PollingBench(ScaledTimeProvider clock)
{
    /// <summary>Simulated seconds per simulator job tick.</summary>
    public const double TickSeconds = 5;

    private static readonly DateTime Origin = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private SimulatorOptions SimOptions(Action<SimulatorOptions>? configure = null)
    {
        var options = new SimulatorOptions
        {
            TimeProvider = clock,
            JobTickSeconds = TickSeconds,
            JobProcessingTicks = 1,
            ExportQuotaMb = 1_000_000,
            DataStart = Origin,
            DataEnd = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };
        configure?.Invoke(options);
        return options;
    }

    private static int ExtraTicks(TimeSpan duration) => Math.Max(0, (int)Math.Round(duration.TotalSeconds / TickSeconds) - 1);

    /// <summary>One window per duration, oldest first.</summary>
    public static IReadOnlyList<ExportWindow> Windows(int count)
        => WindowPlanner.Plan(Origin, Origin.AddDays(31 * count).AddSeconds(-1));

    /// <summary>
    /// The pipeline (real orchestrators and activities on DurableTask.Core with the SQLite provider, as the Host runs
    /// them) on the given objects; durations per (object, window index).
    /// </summary>
    public async Task<PipelineRun> RunPipelineAsync(string name, IReadOnlyList<ExportObject> objects, int windowsPerObject, Func<string, int, TimeSpan> duration)
        => await RunPipelineAsync(name, objects, Windows(windowsPerObject), duration, null);

    /// <summary>
    /// A backfill of <paramref name="objects"/> over [<paramref name="since"/>, <paramref name="until"/>] with jobs that
    /// complete at the simulator's next tick; <paramref name="configure"/> sets the dataset.
    /// </summary>
    public async Task<PipelineRun> RunBackfillAsync(string name, IReadOnlyList<ExportObject> objects, DateTime since, DateTime until, Action<SimulatorOptions> configure)
        => await RunPipelineAsync(name, objects, WindowPlanner.Plan(since, until), (_, _) => TimeSpan.Zero, configure);

    private async Task<PipelineRun> RunPipelineAsync(
        string name, IReadOnlyList<ExportObject> objects, IReadOnlyList<ExportWindow> windows, Func<string, int, TimeSpan> duration, Action<SimulatorOptions>? configure)
    {
        await using SimulatorHost sim = await SimulatorHost.StartAsync(SimOptions(configure));
        string dir = Directory.CreateTempSubdirectory("bench-poll-").FullName;
        var downloadStart = new ConcurrentDictionary<string, DateTimeOffset>();
        var jobObject = new ConcurrentDictionary<string, (string Object, DateTime WindowStart)>();
        var createCalls = new ConcurrentBag<(DateTimeOffset At, long Counted)>();
        try
        {
            await using ServiceProvider services = BenchServices.Build(sim.BaseUrl, dir, clock, compressedClock: true);
            await ActivatorUtilities.CreateInstance<ProvisionCheckpointObjectActivity>(services).RunAsync(true, CancellationToken.None);
            IReadOnlyList<ExportObject> resolved = await ResolveAsync(services, objects);
            sim.Control.ResetCounters();

            var registry = new DurableTaskRegistry().AddExportTasks((activityName, inner) => activityName switch
            {
                ActivityNames.CreateExportJob => new HookActivity(inner,
                    _ => createCalls.Add((clock.GetUtcNow(), sim.Control.GetCalls().Counted)),
                    (input, result) =>
                    {
                        var request = (CreateExportJobRequest)input!;
                        var job = (ExportJobState)result!;
                        int index = windows.ToList().FindIndex(w => w.Start == request.Window.Start);
                        jobObject[job.ExportId] = (request.Object.Name, request.Window.Start);
                        int extra = ExtraTicks(duration(request.Object.Name, index));
                        if (extra == 0)
                        {
                            return;
                        }

                        sim.Control.AddFault(new SimulatorFault
                        {
                            Kind = SimulatorFaultKind.SlowQueue,
                            ExportId = job.ExportId,
                            ExtraTicks = extra,
                            Count = 1,
                        });
                    }),
                ActivityNames.DownloadExportFile => new HookActivity(inner,
                    input => downloadStart.TryAdd(((DownloadExportFileRequest)input!).Job.ExportId, clock.GetUtcNow()),
                    null),
                _ => inner,
            });

            // As the Host's ExportEngine: the SQLite provider on the (compressed) clock, DurableTask.Core's worker over it.
            await using var store = new SqliteOrchestrationService(
                new SqliteOrchestrationServiceOptions { DatabasePath = Path.Combine(dir, "engine.db"), TimeProvider = clock, TaskHubName = "marketo-export" });
            await using var worker = new LocalDurableWorker(store, services, registry, timeProvider: clock);
            await worker.StartAsync();
            DurableTaskClient engine = worker.CreateClient();
            var request = new ExportRunRequest(resolved, new ExportSettings())
            {
                Since = windows[0].Start,
                Until = windows[^1].End,
            };
            DateTimeOffset started = clock.GetUtcNow();
            var wall = System.Diagnostics.Stopwatch.StartNew();
            string id = await engine.ScheduleNewOrchestrationInstanceAsync(nameof(ExportRunOrchestrator), request, new StartOrchestrationOptions("bench-" + name));
            OrchestrationMetadata done = await engine.WaitForInstanceCompletionAsync(id);
            DateTimeOffset finished = clock.GetUtcNow();
            if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"{name}: the run ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
            }

            CallCounters calls = sim.Control.GetCalls();
            var landed = Directory.EnumerateFiles(dir, "*.csv", SearchOption.AllDirectories).Select(f => new FileInfo(f).Length).ToList();
            var jobs = sim.Control.GetJobs()
                .Where(j => j.Status == "Completed")
                .Select(j => new JobTiming(
                    jobObject.TryGetValue(j.ExportId, out var o) ? o.Object : j.Entity,
                    At(j, "Queued"), At(j, "Completed"), downloadStart.TryGetValue(j.ExportId, out var d) ? d : null))
                .ToList();
            return new PipelineRun(started, finished, calls, jobs, createCalls.OrderBy(c => c.At).Select(c => c.Counted).ToList())
            {
                LandedFiles = landed.Count,
                LandedBytes = landed.Sum(),
                WallSeconds = wall.Elapsed.TotalSeconds,
            };
        }
        finally
        {
            TryDelete(dir);
        }
    }

    /// <summary>The tiny baseline: create, enqueue, poll status every <paramref name="interval"/>, download; one job at a time.</summary>
    public async Task<BaselineRun> RunBaselineAsync(TimeSpan interval, IReadOnlyList<TimeSpan> durations)
    {
        await using SimulatorHost sim = await SimulatorHost.StartAsync(SimOptions());
        string dir = Directory.CreateTempSubdirectory("bench-base-").FullName;
        try
        {
            await using ServiceProvider services = BenchServices.Build(sim.BaseUrl, dir, clock, compressedClock: true);
            var marketo = services.GetRequiredService<IMarketoClient>();
            var exportObject = new ExportObject(ExportObjectKind.Activities);
            var create = ActivatorUtilities.CreateInstance<CreateExportJobActivity>(services);
            var enqueue = ActivatorUtilities.CreateInstance<EnqueueExportJobActivity>(services);
            var status = ActivatorUtilities.CreateInstance<GetExportJobStatusActivity>(services);
            IReadOnlyList<ExportWindow> windows = Windows(durations.Count);
            var perWindow = new List<long>();
            var starts = new Dictionary<string, DateTimeOffset>();
            var buffer = new byte[81920];
            sim.Control.ResetCounters();
            for (int i = 0; i < durations.Count; i++)
            {
                long before = sim.Control.GetCalls().Counted;
                ExportJobState job = await create.RunAsync(new CreateExportJobRequest(exportObject, windows[i], DateFilterField.CreatedAt), deliveryAttempt: 1, CancellationToken.None);
                sim.Control.AddFault(new SimulatorFault { Kind = SimulatorFaultKind.SlowQueue, ExportId = job.ExportId, ExtraTicks = ExtraTicks(durations[i]), Count = 1 });
                job = await enqueue.RunAsync(new ExportJobRef(exportObject, job.ExportId), CancellationToken.None);
                while (!job.IsTerminal)
                {
                    await Task.Delay(interval, clock);
                    job = await status.RunAsync(new ExportJobRef(exportObject, job.ExportId), CancellationToken.None);
                }

                starts[job.ExportId] = clock.GetUtcNow();
                await using (ExportFileStream file = await marketo.OpenExportFileAsync(ExportEntity.Activities, job.ExportId))
                {
                    while (await file.ReadAsync(buffer) > 0)
                    {
                    }
                }

                perWindow.Add(sim.Control.GetCalls().Counted - before);
            }

            var jobs = sim.Control.GetJobs().Where(j => j.Status == "Completed")
                .Select(j => new JobTiming("activities", At(j, "Queued"), At(j, "Completed"), starts.TryGetValue(j.ExportId, out var d) ? d : null))
                .ToList();
            return new BaselineRun(interval, perWindow, jobs);
        }
        finally
        {
            TryDelete(dir);
        }
    }

    private static async Task<IReadOnlyList<ExportObject>> ResolveAsync(IServiceProvider services, IReadOnlyList<ExportObject> objects)
    {
        var marketo = services.GetRequiredService<IMarketoClient>();
        var result = new List<ExportObject>();
        foreach (ExportObject o in objects)
        {
            if (o.Kind == ExportObjectKind.CustomObject && o.Fields is null)
            {
                CustomObjectMetadata meta = (await marketo.DescribeCustomObjectAsync(o.CustomObjectName!))!;
                result.Add(o with { Fields = meta.Fields.Select(f => f.Name).ToList() });
            }
            else
            {
                result.Add(o);
            }
        }

        return result;
    }

    private static DateTimeOffset At(ExportJobLogEntry job, string status) => job.Transitions.First(t => t.Status == status).At;

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // the engine may still hold its database for a moment; the temp folder is cleaned by the OS
        }
    }

    public static string Fmt(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => (JsonNode)Math.Round(v, 1)).ToArray());
}
