using System.Globalization;
using System.Text.Json;
using MarketoExport.Activities;
using MarketoExport.Cli.Progress;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask.Client;
using Spectre.Console;

namespace MarketoExport.Cli;

/// <summary>
/// Follows a run until it ends: a live table per object when the console is interactive, otherwise plain lines, one
/// per event (<see cref="ObjectProgressLines"/>). Both show the current step, each landed window's own records and
/// bytes, retries with their cause (from the object's orchestration history: retries change nothing else while they
/// wait) and a long download's bytes and ETA; both end with the run's own figures, the ones the summary prints.
/// Children left by a previous run (same instance ids, created before this run) are ignored.
/// </summary>
public sealed class ProgressView(DurableTaskClient client, string runId, IReadOnlyList<ExportObject> objects, JsonSerializerOptions json, DownloadProgressBoard? downloads)
{
    /// <summary>How often the run is read.</summary>
    public TimeSpan Refresh { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>When a download counts as long (its progress is printed); tests shorten it.</summary>
    public TimeSpan LongDownload { get; init; } = ObjectProgressLines.LongDownload;

    /// <summary>Waits for the run, showing progress on <paramref name="console"/> (null: nothing shown); returns its final metadata.</summary>
    public static Task<OrchestrationMetadata> FollowAsync(
        DurableTaskClient client, string runId, IReadOnlyList<ExportObject> objects, JsonSerializerOptions json, IAnsiConsole? console, CancellationToken cancellationToken)
        => new ProgressView(client, runId, objects, json, null).FollowAsync(console, cancellationToken);

    /// <summary>Waits for the run, showing progress on <paramref name="console"/> (null: nothing shown); returns its final metadata.</summary>
    public async Task<OrchestrationMetadata> FollowAsync(IAnsiConsole? console, CancellationToken cancellationToken)
    {
        Task<OrchestrationMetadata> completion = client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, cancellationToken);
        if (console is null)
        {
            return await completion;
        }

        var retries = new Retries(client, runId, objects);
        if (console.Profile.Capabilities.Interactive)
        {
            Table table = NewTable();
            await console.Live(table).StartAsync(async ctx =>
            {
                while (!completion.IsCompleted)
                {
                    ObjectExportStatus?[] rows = await ReadAsync(cancellationToken);
                    RetryNote?[] notes = await retries.ReadAsync(rows, cancellationToken);
                    Fill(table, rows, notes, final: null);
                    ctx.Refresh();
                    await Task.WhenAny(completion, Task.Delay(Refresh, cancellationToken));
                }

                // The last frame shows the run's own figures: the ones the summary prints next.
                Fill(table, await ReadAsync(cancellationToken), new RetryNote?[objects.Count], ResultOf(await completion));
                ctx.Refresh();
            });
        }
        else
        {
            var lines = objects.Select(o => new ObjectProgressLines(o.Name)).ToArray();
            while (!completion.IsCompleted)
            {
                ObjectExportStatus?[] rows = await ReadAsync(cancellationToken);
                RetryNote?[] notes = await retries.ReadAsync(rows, cancellationToken);
                DateTimeOffset now = DateTimeOffset.UtcNow;
                for (int i = 0; i < objects.Count; i++)
                {
                    foreach (string line in lines[i].Update(rows[i], notes[i], downloads?.Latest(objects[i].Name), now, LongDownload))
                    {
                        console.WriteLine(line);
                    }
                }

                await Task.WhenAny(completion, Task.Delay(Refresh, cancellationToken));
            }

            // What happened since the last read (the last window landed), then how each object ended.
            ObjectExportStatus?[] last = await ReadAsync(cancellationToken);
            ExportRunResult? result = ResultOf(await completion);
            for (int i = 0; i < objects.Count; i++)
            {
                foreach (string line in lines[i].Update(last[i], null, null, DateTimeOffset.UtcNow, LongDownload))
                {
                    console.WriteLine(line);
                }

                console.WriteLine(lines[i].Finish(result?.Objects.FirstOrDefault(r => r.ObjectName == objects[i].Name), last[i]));
            }
        }

        return await completion;
    }

    private ExportRunResult? ResultOf(OrchestrationMetadata done)
    {
        // A completed run's output holds its rows; a run that failed or was terminated left them in its custom status.
        string? payload = done.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? done.SerializedOutput : done.SerializedCustomStatus;
        try
        {
            return payload is null ? null : JsonSerializer.Deserialize<ExportRunResult>(payload, json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Fill(Table table, ObjectExportStatus?[] rows, RetryNote?[] notes, ExportRunResult? final)
    {
        table.Rows.Clear();
        for (int i = 0; i < objects.Count; i++)
        {
            ObjectExportStatus? s = rows[i];
            ObjectExportResult? done = final?.Objects.FirstOrDefault(r => r.ObjectName == objects[i].Name);
            string phase = done is not null ? done.Outcome.ToString() : s is null ? "waiting for a slot" : ObjectProgressLines.Describe(s.Phase);
            string activity = notes[i] is { } note
                ? ObjectProgressLines.Retry(note)
                : s?.Phase == ObjectExportPhase.Downloading && downloads?.Latest(objects[i].Name) is { Finished: false } d && d.ExportId == s.ExportId
                    ? ObjectProgressLines.Download(d)
                    : string.Empty;
            table.AddRow(
                Markup.Escape(objects[i].Name),
                Markup.Escape(phase),
                s is null || s.WindowCount == 0 ? "-" : $"{s.WindowIndex}/{s.WindowCount} {s.Window}",
                Markup.Escape(s?.ExportId ?? "-"),
                (done?.Records ?? s?.Records ?? 0).ToString("N0", CultureInfo.InvariantCulture),
                (done?.Bytes ?? s?.Bytes ?? 0).ToString("N0", CultureInfo.InvariantCulture),
                Markup.Escape(activity),
                Markup.Escape(done?.Message ?? s?.Note ?? string.Empty));
        }
    }

    private static Table NewTable()
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Exporting");
        foreach (string column in new[] { "Object", "Step", "Window", "Export id", "Records", "Bytes", "Activity", "Note" })
        {
            table.AddColumn(column);
        }

        return table;
    }

    private async Task<ObjectExportStatus?[]> ReadAsync(CancellationToken cancellationToken)
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

    /// <summary>
    /// Reads an object's history for a retry in progress when its status has not changed since the last read (a retry
    /// waits on a timer without changing it), at most once a second per object.
    /// </summary>
    private sealed class Retries(DurableTaskClient client, string runId, IReadOnlyList<ExportObject> objects)
    {
        private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
        private readonly ObjectExportStatus?[] _previous = new ObjectExportStatus?[objects.Count];
        private readonly RetryNote?[] _notes = new RetryNote?[objects.Count];
        private readonly DateTimeOffset[] _readAt = new DateTimeOffset[objects.Count];

        public async Task<RetryNote?[]> ReadAsync(ObjectExportStatus?[] rows, CancellationToken cancellationToken)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            for (int i = 0; i < objects.Count; i++)
            {
                bool unchanged = rows[i] is { Phase: not ObjectExportPhase.Done } s && s == _previous[i];
                if (!unchanged)
                {
                    _notes[i] = null;
                }
                else if (now - _readAt[i] >= MinInterval)
                {
                    _readAt[i] = now;
                    _notes[i] = await RetryNote.ReadAsync(client, ExportRunOrchestrator.ChildInstanceId(runId, objects[i]), cancellationToken);
                }

                _previous[i] = rows[i];
            }

            return _notes;
        }
    }
}
