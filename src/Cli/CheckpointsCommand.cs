using System.Globalization;
using MarketoExport.Cli.Json;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask.Client;
using Spectre.Console;

namespace MarketoExport.Cli;

/// <summary>
/// <c>checkpoints</c>: prints the checkpoint of every configured object; <c>checkpoints set</c> moves one object's
/// high-water mark and <c>checkpoints reset</c> clears it, each after a confirmation and never while a run is in
/// flight on the state file (it would write the same record).
/// </summary>
public static class CheckpointsCommand
{
    /// <summary>Lists the configured objects' checkpoints; returns the exit code.</summary>
    public static async Task<int> RunAsync(ExportRuntime runtime, CliOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(output);
        if (runtime.Store is MirroredCheckpointStore mirror)
        {
            await mirror.SeedAsync(cancellationToken);
        }

        List<string> names = runtime.Options.Objects.Select(o => o.Name).ToList();
        IReadOnlyList<ExportCheckpoint> found = await runtime.Store.ReadManyAsync(names, cancellationToken);
        List<CheckpointReport> reports = names.Select(n => Report(n, found.FirstOrDefault(c => c.ObjectName == n))).ToList();
        if (output.Json)
        {
            output.WriteJson(new CheckpointsReport(runtime.Options.CheckpointObject, reports), CliJsonContext.Default.CheckpointsReport);
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"Checkpoints ({Markup.Escape(runtime.Options.CheckpointObject)})");
        foreach (string c in new[] { "Object", "High-water mark", "Next run from", "Last file", "Last records", "Last ingested", "Epoch started", "Epoch records", "In flight" })
        {
            table.AddColumn(c);
        }

        foreach (CheckpointReport r in reports)
        {
            if (!r.Stored)
            {
                table.AddRow(Markup.Escape(r.Object), "(none)", "--since", "-", "-", "-", "-", "-", "-");
                continue;
            }

            table.AddRow(
                Markup.Escape(r.Object),
                Iso(r.HighWaterMark),
                Iso(r.NextRunStartsAt),
                Markup.Escape(r.LastFileName ?? "-"),
                r.LastFileRecords.ToString("N0", CultureInfo.InvariantCulture),
                Iso(r.LastIngestedAt),
                Iso(r.EpochStartedAt),
                r.EpochRecords.ToString("N0", CultureInfo.InvariantCulture),
                r.InFlightExportId is null ? "-" : Markup.Escape($"{r.InFlightExportId} {r.InFlightWindow?.Start:yyyy-MM-dd}..{r.InFlightWindow?.End:yyyy-MM-dd}"));
        }

        if (output.Human is { } human)
        {
            human.Write(table);
        }
        else
        {
            // --quiet: one line per object.
            foreach (CheckpointReport r in reports)
            {
                output.Result(Markup.Escape($"{r.Object}: {(r.Stored ? Iso(r.HighWaterMark) : "(none)")}"));
            }
        }

        return ExitCodes.Success;
    }

    /// <summary><c>checkpoints set OBJECT --high-water-mark TIME</c> and <c>checkpoints reset OBJECT</c>; returns the exit code.</summary>
    public static async Task<int> ChangeAsync(ExportRuntime runtime, CliOutput output, Func<string, bool>? confirm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(output);
        CliOptions options = runtime.Options;
        string name = options.Target!.Name;
        bool reset = options.Command == CliCommand.CheckpointsReset;
        DateTime now = DateTime.UtcNow;
        DateTime safeNow = now - runtime.Settings.SafetyLag;
        if (!reset && options.HighWaterMark is { } requested && requested > safeNow)
        {
            throw new CliOptionException(
                $"--high-water-mark: {Iso(requested)} is later than now minus the 15-minute safety lag ({Iso(safeNow)}); "
                + "a mark past it would skip the records written until then. Give an earlier time.");
        }

        if (await InFlightRun.FindAsync(options.State, options.Durable, cancellationToken) is { } run)
        {
            output.Fail(
                $"a run is in flight on this state file ({options.State}: export run {run.RuntimeStatus}, started {Iso(run.CreatedAt.UtcDateTime)}); it writes this checkpoint too. "
                + "Finish it first (`marketo-export run` resumes it), then change the checkpoint. Nothing was changed.");
            return ExitCodes.Failed;
        }

        if (runtime.Store is MirroredCheckpointStore mirror)
        {
            await mirror.SeedAsync(cancellationToken);
        }

        ExportCheckpoint current = await runtime.Store.ReadAsync(name, cancellationToken);
        string was = current.HighWaterMark is { } h ? Iso(h) : "none";
        DateTime? mark = reset ? null : WindowPlanner.FloorToSecond(options.HighWaterMark!.Value);
        string question = reset
            ? $"Clear the checkpoint of {name} (high-water mark {was})? Its next run exports again from --since (or 31 days back)."
            : $"Set the high-water mark of {name} from {was} to {Iso(mark!.Value)}? Its next run exports from {Iso(WindowPlanner.NextStart(mark.Value))}"
                + (current.HighWaterMark is { } old && mark < old ? "; the range after it is exported again (as new files)." : ".");
        if (!options.Yes)
        {
            bool? answer = confirm?.Invoke(question)
                ?? (output.Console.Profile.Capabilities.Interactive && !Console.IsInputRedirected ? output.Console.Confirm(Markup.Escape(question), defaultValue: false) : null);
            if (answer is null)
            {
                throw new CliOptionException($"{question} Confirm with --yes (input is not a terminal, so it cannot be asked).");
            }

            if (answer is false)
            {
                output.Result("Nothing was changed.");
                return ExitCodes.Failed;
            }
        }

        if (current.InFlightExportId is { } inFlight)
        {
            output.Note($"[yellow]{Markup.Escape(name)}: the recorded in-flight export {Markup.Escape(inFlight)} is dropped with the change.[/]");
        }

        ExportCheckpoint changed = reset
            ? new ExportCheckpoint(name)
            : current with
            {
                HighWaterMark = mark,
                EpochStartedAt = current.EpochStartedAt ?? (current.HighWaterMark is null ? WindowPlanner.NextStart(mark!.Value) : null),
                InFlightExportId = null,
                InFlightWindowStart = null,
                InFlightWindowEnd = null,
            };
        await runtime.Store.WriteAsync(changed, cancellationToken);
        output.Result(Markup.Escape(reset
            ? $"{name}: checkpoint cleared (was {was}); the next run starts from --since (or 31 days back)."
            : $"{name}: high-water mark {Iso(mark!.Value)} (was {was}); the next run starts at {Iso(WindowPlanner.NextStart(mark.Value))}."));
        return ExitCodes.Success;
    }

    /// <summary>The JSON entry of one object.</summary>
    public static CheckpointReport Report(string name, ExportCheckpoint? cp)
    {
        bool stored = cp is not null && (cp.HighWaterMark is not null || cp.InFlightExportId is not null || cp.LastFileName is not null);
        return cp is null || !stored
            ? new CheckpointReport(name, false, null, null, null, 0, null, null, 0, null, null)
            : new CheckpointReport(
                name, true, cp.HighWaterMark, cp.HighWaterMark is { } h ? WindowPlanner.NextStart(h) : null, cp.LastFileName, cp.LastFileRecords, cp.LastIngestedAt,
                cp.EpochStartedAt, cp.EpochRecords, cp.InFlightExportId, cp.InFlightWindow() is { } w ? new WindowReport(w.Start, w.End) : null);
    }

    private static string Iso(DateTime? value) => value is { } v ? ExportWindow.Iso(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : "-";
}
