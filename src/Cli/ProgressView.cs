using System.Globalization;
using System.Text.Json;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask.Client;
using Spectre.Console;

namespace MarketoExport.Cli;

/// <summary>
/// Follows a run until it ends: a live table per object when the console is interactive, otherwise one plain
/// line per change (phase or window) of an object.
/// </summary>
public static class ProgressView
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits for the run, showing progress; returns its final metadata.</summary>
    public static async Task<OrchestrationMetadata> FollowAsync(
        DurableTaskClient client, string runId, IReadOnlyList<ExportObject> objects, JsonSerializerOptions json, IAnsiConsole? console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        Task<OrchestrationMetadata> completion = client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, cancellationToken);
        if (console is null)
        {
            return await completion;
        }

        bool interactive = console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        if (interactive)
        {
            Table table = NewTable();
            await console.Live(table).StartAsync(async ctx =>
            {
                while (!completion.IsCompleted)
                {
                    IReadOnlyList<ObjectExportStatus?> rows = await ReadAsync(client, runId, objects, json, cancellationToken);
                    table.Rows.Clear();
                    for (int i = 0; i < objects.Count; i++)
                    {
                        ObjectExportStatus? s = rows[i];
                        table.AddRow(
                            Markup.Escape(objects[i].Name),
                            s is null ? "waiting for a slot" : s.Phase.ToString(),
                            s is null || s.WindowCount == 0 ? "-" : $"{s.WindowIndex}/{s.WindowCount} {s.Window}",
                            Markup.Escape(s?.ExportId ?? "-"),
                            (s?.Records ?? 0).ToString("N0", CultureInfo.InvariantCulture),
                            (s?.Bytes ?? 0).ToString("N0", CultureInfo.InvariantCulture),
                            Markup.Escape(s?.Note ?? string.Empty));
                    }

                    ctx.Refresh();
                    await Task.WhenAny(completion, Task.Delay(Refresh, cancellationToken));
                }
            });
        }
        else
        {
            var last = new string?[objects.Count];
            while (!completion.IsCompleted)
            {
                IReadOnlyList<ObjectExportStatus?> rows = await ReadAsync(client, runId, objects, json, cancellationToken);
                for (int i = 0; i < objects.Count; i++)
                {
                    if (rows[i] is not { } s)
                    {
                        continue;
                    }

                    string key = $"{s.Phase}|{s.WindowIndex}";
                    if (key != last[i])
                    {
                        last[i] = key;
                        string window = s.WindowCount == 0 ? string.Empty : $" window {s.WindowIndex}/{s.WindowCount} {s.Window}";
                        string export = s.ExportId is null ? string.Empty : $" export {s.ExportId}";
                        console.WriteLine($"{objects[i].Name}: {s.Phase}{window}{export} records {s.Records:N0}{(s.Note is null ? string.Empty : " - " + s.Note)}");
                    }
                }

                await Task.WhenAny(completion, Task.Delay(Refresh, cancellationToken));
            }
        }

        return await completion;
    }

    private static Table NewTable()
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Exporting");
        foreach (string column in new[] { "Object", "Phase", "Window", "Export id", "Records", "Bytes", "Note" })
        {
            table.AddColumn(column);
        }

        return table;
    }

    private static async Task<IReadOnlyList<ObjectExportStatus?>> ReadAsync(
        DurableTaskClient client, string runId, IReadOnlyList<ExportObject> objects, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var rows = new ObjectExportStatus?[objects.Count];
        DateTimeOffset runCreated = (await client.GetInstanceAsync(runId, cancellationToken))?.CreatedAt ?? DateTimeOffset.MinValue;
        for (int i = 0; i < objects.Count; i++)
        {
            OrchestrationMetadata? child = await client.GetInstanceAsync(ExportRunOrchestrator.ChildInstanceId(runId, objects[i]), getInputsAndOutputs: true, cancellationToken);

            // A child left by the previous run (same instance id) is not this run's progress.
            if (child is not null && child.CreatedAt >= runCreated && child.SerializedCustomStatus is { Length: > 0 } status)
            {
                rows[i] = JsonSerializer.Deserialize<ObjectExportStatus>(status, json);
            }
        }

        return rows;
    }
}
