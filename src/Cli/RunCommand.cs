using System.Globalization;
using System.Text.Json;
using MarketoExport.Activities.Landing;
using MarketoExport.Cli.Json;
using MarketoExport.Cli.Progress;
using MarketoExport.Cli.Runs;
using MarketoExport.Cli.Server.Telemetry;
using MarketoExport.Durable;
using MarketoExport.Management;
using MarketoExport.Management.Plan;
using MarketoExport.Management.Runs;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace MarketoExport.Cli;

/// <summary>
/// <c>run</c> and <c>backfill</c>: one export run in the foreground on the embedded engine. The run's instance id is
/// fixed (<see cref="RunInstanceId"/>), so a killed run (or backfill) is resumed by the next command on the same state
/// database (the engine replays it; its plan is kept) instead of a second run starting beside it. A backfill is a run
/// of one object over a past range with its own checkpoint record and landing folder (<see cref="ExportRunRequest.Backfill"/>).
/// </summary>
public static class RunCommand
{
    /// <summary>The singleton instance id of an export run.</summary>
    public const string RunInstanceId = ExportRuns.RunInstanceId;

    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(ExportRuntime runtime, CliOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(output);
        CliOptions options = runtime.Options;
        bool backfill = options.Command == CliCommand.Backfill;
        if (runtime.Store is MirroredCheckpointStore mirror)
        {
            int seeded = await mirror.SeedAsync(cancellationToken);
            output.Note($"[grey]Checkpoints: custom object '{Markup.Escape(options.CheckpointObject)}' provisioned in the simulator; "
                + $"{seeded} checkpoint(s) restored from {Markup.Escape(mirror.MirrorPath)}.[/]");
        }

        ExportRunRequest request;
        try
        {
            request = runtime.Plan(request: null).Request;
            if (backfill)
            {
                request = await BackfillRequestAsync(runtime, request, output, cancellationToken);
            }
        }
        catch (ExportPlanException ex)
        {
            output.Fail(ex.Message);
            return ExitCodes.BadOptions;
        }

        if (options.DryRun)
        {
            return await DryRunAsync(runtime, request, output, cancellationToken);
        }

        // A run recorded in the state file resumes whatever this command asked; a backfill does not take the place of a
        // normal run that is in flight (nor of another backfill): that one is finished first.
        if (backfill && await InFlightRun.FindAsync(options.State, options.Durable, cancellationToken) is { } inFlight
            && inFlight.ReadInputAs<ExportRunRequest>()?.Backfill != request.Backfill)
        {
            string what = inFlight.ReadInputAs<ExportRunRequest>()?.Backfill is { } other ? $"the backfill {other}" : "a run";
            output.Fail($"{what} is in flight on this state file ({options.State}, started {inFlight.CreatedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}); "
                + "finish it first (`marketo-export run` resumes it), then start this backfill. Nothing was started.");
            return ExitCodes.Failed;
        }

        await RemoveLeftoversAsync(runtime.Sink, output, cancellationToken);

        // Telemetry when configured (Telemetry:Otlp:*, OTEL_EXPORTER_OTLP_*): flushed when the command ends.
        using ExportTelemetryProviders? telemetry = ExportTelemetryProviders.Start(options.Telemetry);
        // A state file or worker id in use, or a task hub out of reach, is reported by ExportCli like any refusal.
        ExportEngine engine = await runtime.StartEngineAsync(
            telemetry is null ? null : (name, activity) => new TracedActivity(name, activity, LocalDurableWorker.DeliveryInfo), cancellationToken);

        await using (engine)
        {
            output.Note($"[grey]Durable state: {Markup.Escape(engine.Description)}.[/]");
            DurableTaskClient client = engine.Client;
            IReadOnlyList<ExportObject> objects = request.Objects;
            if (await ExportRunStarter.ActiveRunAsync(client, cancellationToken) is { } existing)
            {
                OrchestrationMetadata? withInput = await client.GetInstanceAsync(RunInstanceId, getInputsAndOutputs: true, cancellationToken);
                ExportRunRequest? kept = withInput?.ReadInputAs<ExportRunRequest>();
                string what = kept?.Backfill is { } label ? $"backfill {label} of {string.Join(", ", kept.Objects.Select(o => o.Name))}" : "run";
                output.Note(options.Durable.Backend == DurableBackend.AzureStorage
                    ? $"[yellow]Resuming the {Markup.Escape(what)} started {existing.CreatedAt:u} on the task hub (another worker may be running it too); its plan is kept.[/]"
                    : $"[yellow]Resuming the interrupted {Markup.Escape(what)} started {existing.CreatedAt:u} (same state file); its plan is kept.[/]");
                objects = kept?.Objects ?? objects;
                request = kept ?? request;
            }
            else
            {
                try
                {
                    var start = new StartOrchestrationOptions(RunInstanceId).WithDedupeStatuses([.. ExportRunStarter.ActiveStatuses]);
                    await client.ScheduleNewOrchestrationInstanceAsync(nameof(ExportRunOrchestrator), request, start, cancellationToken);
                }
                catch (global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException)
                {
                    output.Note($"[yellow]A run is already in progress on the {Markup.Escape(engine.Description)}; following it.[/]");
                }
            }

            var view = new ProgressView(client, RunInstanceId, objects, DurableJson.Options, runtime.Services.GetService<DownloadProgressBoard>());
            using System.Diagnostics.Activity? span = telemetry is null ? null : ExportTelemetryProviders.StartRun(RunInstanceId, options.Command == CliCommand.Backfill ? "backfill" : "cli");
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            OrchestrationMetadata done = await view.FollowAsync(output.Human, cancellationToken);
            if (span is not null)
            {
                span.SetTag("export.status", done.RuntimeStatus.ToString());
                var tags = new System.Diagnostics.TagList { { "status", done.RuntimeStatus.ToString() }, { "trigger", "cli" } };
                ExportTelemetry.Runs.Add(1, tags);
                ExportTelemetry.RunDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            }

            int exit = Summarize(done, request, options, runtime.Sink, output);
            await RunLog.AppendAsync(runtime, done, "cli", cancellationToken);
            return exit;
        }
    }

    /// <summary>
    /// A backfill's request: one object over [--since, --until], labelled so that its checkpoint record and landing folder
    /// are its own. Its range must end at or before the object's high-water mark: what comes after is the normal
    /// run's, and exporting it here too would land it twice.
    /// </summary>
    private static async Task<ExportRunRequest> BackfillRequestAsync(ExportRuntime runtime, ExportRunRequest request, CliOutput output, CancellationToken cancellationToken)
    {
        ExportObject target = request.Objects.Single();
        DateTime since = request.Since!.Value;
        DateTime until = request.Until!.Value;
        ExportCheckpoint own = await runtime.Store.ReadAsync(target.Name, cancellationToken);
        if (own.HighWaterMark is { } mark && until > mark)
        {
            throw new ExportPlanException(
                $"--until: {ExportWindow.Iso(until)} is after {target.Name}'s high-water mark {ExportWindow.Iso(mark)}; `run` exports what comes after it. "
                + $"Backfill up to {ExportWindow.Iso(mark)} at most.");
        }

        if (own.HighWaterMark is null)
        {
            output.Note($"[yellow]{Markup.Escape(target.Name)} has no checkpoint yet: its first `run` starts from --since and may export this range again.[/]");
        }

        string label = $"backfill-{ExportWindow.Compact(since)}-{ExportWindow.Compact(until)}";
        output.Note($"[grey]Backfill {Markup.Escape(label)}: checkpoint record '{Markup.Escape(target.Name)}@{Markup.Escape(label)}', files under "
            + $"{Markup.Escape(LandingNames.Sanitize(target.Name))}/{Markup.Escape(label)}/; {Markup.Escape(target.Name)}'s own high-water mark stays {Markup.Escape(own.HighWaterMark is { } h ? ExportWindow.Iso(h) : "unset")}.[/]");
        return request with { Backfill = label };
    }

    private static int Summarize(OrchestrationMetadata done, ExportRunRequest request, CliOptions options, ILandingSink sink, CliOutput output)
    {
        JsonSerializerOptions json = DurableJson.Options;
        string? payload = done.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? done.SerializedOutput : done.SerializedCustomStatus;
        ExportRunResult? result = payload is null ? null : JsonSerializer.Deserialize<ExportRunResult>(payload, json);
        if (result is not null)
        {
            string markColumn = request.Backfill is null ? "High-water mark" : "Backfill reached";
            var table = new Table().Border(TableBorder.Rounded).Title(request.Backfill is null ? "Export summary" : $"Backfill summary ({request.Backfill})");
            foreach (string column in new[] { "Object", "Outcome", "Windows", "Records", "Bytes", markColumn, "Note" })
            {
                table.AddColumn(column);
            }

            foreach (ObjectExportResult r in result.Objects)
            {
                string outcome = r.Outcome switch
                {
                    ObjectExportOutcome.Completed => "[green]Completed[/]",
                    ObjectExportOutcome.Failed => "[red]Failed[/]",
                    ObjectExportOutcome.QuotaExhausted => "[yellow]Quota exhausted[/]",
                    _ => r.Outcome.ToString(),
                };
                table.AddRow(
                    Markup.Escape(r.ObjectName), outcome, r.Windows.ToString(CultureInfo.InvariantCulture), r.Records.ToString("N0", CultureInfo.InvariantCulture),
                    r.Bytes.ToString("N0", CultureInfo.InvariantCulture), r.HighWaterMark is { } h ? ExportWindow.Iso(h) : "-", Markup.Escape(r.Message ?? string.Empty));
            }

            output.Write(table);
        }

        string command = options.Command == CliCommand.Backfill ? "backfill" : "run";
        string landing = LandingLocation(sink, options);
        IReadOnlyList<RunObjectReport> rows = result?.Objects.Select(r => new RunObjectReport(
            r.ObjectName, r.Outcome.ToString(), r.Windows, r.Records, r.Bytes, r.HighWaterMark, r.Files, r.Message, r.ResumesAt)).ToList() ?? [];
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed || result is null)
        {
            string reason = done.FailureDetails?.ErrorMessage ?? $"the run ended {done.RuntimeStatus}";
            output.Fail($"Export failed: {reason}");
            Json(output, new RunReport(command, false, done.RuntimeStatus.ToString(), ExitCodes.Failed, reason.ReplaceLineEndings(" "), landing, rows));
            return ExitCodes.Failed;
        }

        int files = result.Objects.Sum(o => o.Windows);
        long records = result.Objects.Sum(o => o.Records);
        if (result.Objects.FirstOrDefault(o => o.Outcome == ObjectExportOutcome.QuotaExhausted) is { } quota)
        {
            string stopped = $"{quota.ObjectName}: {quota.Message ?? "quota exhausted"}";
            output.Result($"[yellow]Stopped:[/] {Markup.Escape(stopped)}");
            Json(output, new RunReport(command, false, nameof(ObjectExportOutcome.QuotaExhausted), ExitCodes.QuotaExhausted, stopped, landing, rows));
            return ExitCodes.QuotaExhausted;
        }

        string message = files == 0
            ? "Nothing new to export: every object is up to date."
            : $"Landed {files} verified file(s), {records:N0} records, in {landing} (manifest: {LandingNames.Manifest}).";
        output.Result(Markup.Escape(message));
        Json(output, new RunReport(command, false, done.RuntimeStatus.ToString(), ExitCodes.Success, message, landing, rows));
        return ExitCodes.Success;
    }

    private static void Json(CliOutput output, RunReport report)
    {
        if (output.Json)
        {
            output.WriteJson(report, CliJsonContext.Default.RunReport);
        }
    }

    /// <summary>Clears what a killed run left half-written: temp files in a folder, uncommitted uploads in a container.</summary>
    private static async Task RemoveLeftoversAsync(ILandingSink sink, CliOutput output, CancellationToken cancellationToken)
    {
        switch (sink)
        {
            case LocalFolderSink local when local.RemoveTemporaryFiles() is > 0 and int removed:
                output.Note($"[yellow]Removed {removed} temporary file(s) left in {Markup.Escape(local.Root)} by an interrupted run.[/]");
                break;
            case BlobStorageSink blob:
                // An upload younger than this may belong to another process landing into the same container right now.
                int abandoned = await blob.RemoveAbandonedUploadsAsync(TimeSpan.FromHours(1), cancellationToken);
                if (abandoned > 0)
                {
                    output.Note($"[yellow]Removed {abandoned} abandoned upload(s) from container {Markup.Escape(blob.Container.Name)}.[/]");
                }

                break;
        }
    }

    private static string LandingLocation(ILandingSink sink, CliOptions options) => sink switch
    {
        BlobStorageSink blob => $"blob container {blob.Container.Uri.GetLeftPart(UriPartial.Path)}",
        LocalFolderSink local => local.Root,
        _ => Path.GetFullPath(options.Out),
    };

    private static async Task<int> DryRunAsync(ExportRuntime runtime, ExportRunRequest request, CliOutput output, CancellationToken cancellationToken)
    {
        DateTime now = DateTime.UtcNow;
        var table = new Table().Border(TableBorder.Rounded).Title(request.Backfill is null ? "Dry run: nothing is changed" : $"Dry run of {request.Backfill}: nothing is changed");
        table.AddColumn("Object");
        table.AddColumn("Checkpoint");
        table.AddColumn("Window");
        table.AddColumn("Filter");
        int jobs = 0;
        var planned = new List<PlannedObjectReport>();
        foreach (ExportObject o in request.Objects)
        {
            var objectRequest = new ObjectExportRequest(o, request.Settings, request.Since, request.Until) { Backfill = request.Backfill };
            ExportCheckpoint cp = await runtime.Store.ReadAsync(objectRequest.CheckpointKey, cancellationToken);
            ObjectWindowPlan plan = ObjectWindowPlan.Create(cp, objectRequest, now);
            string mark = cp.HighWaterMark is { } h ? ExportWindow.Iso(h) : "(none)";
            string filter = o.Kind == ExportObjectKind.Activities ? "createdAt" : "updatedAt";
            if (plan.Windows.Count == 0)
            {
                table.AddRow(Markup.Escape(o.Name), mark, Markup.Escape(plan.Note ?? "up to date: nothing to export"), "-");
            }

            foreach (ExportWindow w in plan.Windows)
            {
                table.AddRow(Markup.Escape(o.Name), mark, w.ToString(), filter);
            }

            jobs += plan.Windows.Count;
            planned.Add(new PlannedObjectReport(o.Name, cp.HighWaterMark, filter, plan.Windows.Select(w => new WindowReport(w.Start, w.End)).ToList(),
                plan.Note ?? (plan.Windows.Count == 0 ? "up to date: nothing to export" : null)));
        }

        output.Write(table);

        // Per object run: checkpoint read, usage check (3 job lists), the first pending mark = 5. Per job: create, save
        // in flight, enqueue, status polls, download, checkpoint: 10.1 on average on bench/Export's 30 s – 30 min mix.
        long calls = ((long)ExportRunPlanner.CallsPerObjectRun * request.Objects.Count) + ((long)ExportRunPlanner.CallsPerJob * jobs);
        string message = $"{jobs} export job(s); about {calls:N0} API calls (of {runtime.Options.DailyCallQuota:N0}/day). Nothing was created, landed or written.";
        output.Result(Markup.Escape(message));
        if (output.Json)
        {
            string command = runtime.Options.Command == CliCommand.Backfill ? "backfill" : "run";
            output.WriteJson(new RunReport(command, true, "Planned", ExitCodes.Success, message, null, [], planned, calls), CliJsonContext.Default.RunReport);
        }

        return ExitCodes.Success;
    }
}
