using System.Globalization;
using System.Text.Json;
using MarketoExport.Activities.Landing;
using MarketoExport.Durable;
using MarketoExport.Durable.Sqlite;
using MarketoExport.Management;
using MarketoExport.Management.Plan;
using MarketoExport.Management.Runs;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using MarketoExport.Cli.Progress;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace MarketoExport.Cli;

/// <summary>
/// <c>run</c>: one export run in the foreground on the embedded engine. The run's instance id is fixed
/// (<see cref="RunInstanceId"/>), so a killed run is resumed by the next <c>run</c> on the same state database
/// (the engine replays it) instead of a second run starting beside it.
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
        if (runtime.Store is MirroredCheckpointStore mirror)
        {
            int seeded = await mirror.SeedAsync(cancellationToken);
            output.Note($"[grey]Checkpoints: custom object '{Markup.Escape(options.CheckpointObject)}' provisioned in the simulator; "
                + $"{seeded} checkpoint(s) restored from {Markup.Escape(mirror.MirrorPath)}.[/]");
        }

        ExportPlan plan;
        try
        {
            plan = runtime.Plan(request: null);
        }
        catch (ExportPlanException ex)
        {
            output.Fail(ex.Message);
            return ExitCodes.BadOptions;
        }

        ExportRunRequest request = plan.Request;
        if (options.DryRun)
        {
            return await DryRunAsync(runtime, request, output, cancellationToken);
        }

        await RemoveLeftoversAsync(runtime.Sink, output, cancellationToken);

        ExportEngine engine;
        try
        {
            engine = await runtime.StartEngineAsync(cancellationToken: cancellationToken);
        }
        catch (DatabaseLockedException ex)
        {
            output.Fail(StateLock.From(ex).Message);
            return ExitCodes.Failed;
        }

        await using (engine)
        {
            DurableTaskClient client = engine.Client;
            IReadOnlyList<ExportObject> objects = request.Objects;
            if (await ExportRunStarter.ActiveRunAsync(client, cancellationToken) is { } existing)
            {
                output.Note($"[yellow]Resuming the interrupted run started {existing.CreatedAt:u} (same state file); its plan is kept.[/]");
                OrchestrationMetadata? withInput = await client.GetInstanceAsync(RunInstanceId, getInputsAndOutputs: true, cancellationToken);
                objects = withInput?.ReadInputAs<ExportRunRequest>()?.Objects ?? objects;
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
                    output.Note("[yellow]A run is already in progress on this state file; following it.[/]");
                }
            }

            var view = new ProgressView(client, RunInstanceId, objects, DurableJson.Options, runtime.Services.GetService<DownloadProgressBoard>());
            OrchestrationMetadata done = await view.FollowAsync(output.Human, cancellationToken);
            return Summarize(done, DurableJson.Options, options, runtime.Sink, output);
        }
    }

    private static int Summarize(OrchestrationMetadata done, JsonSerializerOptions json, CliOptions options, ILandingSink sink, CliOutput output)
    {
        string? payload = done.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? done.SerializedOutput : done.SerializedCustomStatus;
        ExportRunResult? result = payload is null ? null : JsonSerializer.Deserialize<ExportRunResult>(payload, json);
        if (result is not null)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("Export summary");
            foreach (string column in new[] { "Object", "Outcome", "Windows", "Records", "Bytes", "High-water mark", "Note" })
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

        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed || result is null)
        {
            string reason = done.FailureDetails?.ErrorMessage ?? $"the run ended {done.RuntimeStatus}";
            output.Fail($"Export failed: {reason}");
            return ExitCodes.Failed;
        }

        int files = result.Objects.Sum(o => o.Windows);
        long records = result.Objects.Sum(o => o.Records);
        if (result.Objects.FirstOrDefault(o => o.Outcome == ObjectExportOutcome.QuotaExhausted) is { } quota)
        {
            output.Result($"[yellow]Stopped:[/] {Markup.Escape(quota.ObjectName)}: {Markup.Escape(quota.Message ?? "quota exhausted")}");
            return ExitCodes.QuotaExhausted;
        }

        output.Result(Markup.Escape(files == 0
            ? "Nothing new to export: every object is up to date."
            : $"Landed {files} verified file(s), {records:N0} records, in {LandingLocation(sink, options)} (manifest: {LandingNames.Manifest})."));
        return ExitCodes.Success;
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
        var table = new Table().Border(TableBorder.Rounded).Title("Dry run: nothing is changed");
        table.AddColumn("Object");
        table.AddColumn("Checkpoint");
        table.AddColumn("Window");
        table.AddColumn("Filter");
        int jobs = 0;
        foreach (ExportObject o in request.Objects)
        {
            ExportCheckpoint cp = await runtime.Store.ReadAsync(o.Name, cancellationToken);
            ObjectWindowPlan plan = ObjectWindowPlan.Create(cp, new ObjectExportRequest(o, request.Settings, request.Since, request.Until), now);
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
        }

        output.Write(table);

        // Per object run: checkpoint read, usage check (3 job lists), the first pending mark = 5. Per job: create, save
        // in flight, enqueue, status polls, download, checkpoint: 10.1 on average on bench/Export's 30 s – 30 min mix.
        int calls = (request.Objects.Count * 5) + (jobs * 10);
        output.Result(Markup.Escape($"{jobs} export job(s); about {calls:N0} API calls (of {runtime.Options.DailyCallQuota:N0}/day). Nothing was created, landed or written."));
        return ExitCodes.Success;
    }
}
