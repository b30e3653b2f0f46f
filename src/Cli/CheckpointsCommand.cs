using System.Globalization;
using MarketoExport.Orchestrations.Export;
using Spectre.Console;

namespace MarketoExport.Cli;

/// <summary><c>checkpoints</c>: prints the checkpoint of every configured object (and of the standard ones).</summary>
public static class CheckpointsCommand
{
    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(ExportRuntime runtime, CliOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(output);
        if (runtime.Store is MirroredCheckpointStore mirror)
        {
            await mirror.SeedAsync(cancellationToken);
        }

        List<string> names = ["leads", "activities", "programMembers"];
        names.AddRange(runtime.Options.Objects.Select(o => o.Name).Where(n => !names.Contains(n)));
        IReadOnlyList<ExportCheckpoint> found = await runtime.Store.ReadManyAsync(names, cancellationToken);
        var table = new Table().Border(TableBorder.Rounded).Title($"Checkpoints ({Markup.Escape(runtime.Options.CheckpointObject)})");
        foreach (string c in new[] { "Object", "High-water mark", "Last file", "Last records", "Last ingested", "Epoch started", "Epoch records", "In flight" })
        {
            table.AddColumn(c);
        }

        foreach (string name in names)
        {
            ExportCheckpoint? cp = found.FirstOrDefault(c => c.ObjectName == name);
            if (cp is null)
            {
                table.AddRow(Markup.Escape(name), "(none)", "-", "-", "-", "-", "-", "-");
                continue;
            }

            table.AddRow(
                Markup.Escape(name),
                Iso(cp.HighWaterMark),
                Markup.Escape(cp.LastFileName ?? "-"),
                cp.LastFileRecords.ToString("N0", CultureInfo.InvariantCulture),
                Iso(cp.LastIngestedAt),
                Iso(cp.EpochStartedAt),
                cp.EpochRecords.ToString("N0", CultureInfo.InvariantCulture),
                cp.InFlightExportId is null ? "-" : Markup.Escape($"{cp.InFlightExportId} {cp.InFlightWindow()}"));
        }

        output.Write(table);
        return ExitCodes.Success;
    }

    private static string Iso(DateTime? value) => value is { } v ? ExportWindow.Iso(v) : "-";
}
