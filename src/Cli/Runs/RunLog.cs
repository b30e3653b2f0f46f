using System.Text;
using System.Text.Json;
using MarketoExport.Durable;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask.Client;

namespace MarketoExport.Cli.Runs;

/// <summary>
/// The host's log of finished runs, <c>runs.jsonl</c> next to the state database, one JSON line per run. Runs are
/// singletons with one instance id, so the engine keeps only the latest; this log keeps the ones before it for the
/// status page's "Recent runs". Appended by <c>run</c>, <c>backfill</c> and <c>serve</c> when a run ends; a run is
/// logged once (instance id + creation time). A damaged line is skipped, never fatal.
/// </summary>
public static class RunLog
{
    /// <summary>The log's file name.</summary>
    public const string FileName = "runs.jsonl";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The log of the state database at <paramref name="statePath"/>.</summary>
    public static string PathFor(string statePath) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(statePath)) ?? ".", FileName);

    /// <summary>Logs a finished run (nothing for a run still in progress, or one logged already).</summary>
    public static Task AppendAsync(ExportRuntime runtime, OrchestrationMetadata done, string trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return AppendAsync(runtime.Options.State, done, trigger, cancellationToken);
    }

    /// <summary>Logs a finished run (nothing for a run still in progress, or one logged already).</summary>
    public static async Task AppendAsync(string statePath, OrchestrationMetadata done, string trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(done);
        if (!done.IsCompleted)
        {
            return;
        }

        ExportRunRequest? input = Read<ExportRunRequest>(done.SerializedInput);
        string? rows = done.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? done.SerializedOutput : done.SerializedCustomStatus;
        ExportRunResult? result = Read<ExportRunResult>(rows);
        var entry = new RunLogEntry(
            done.InstanceId,
            input?.Backfill,
            trigger,
            done.RuntimeStatus.ToString(),
            done.CreatedAt,
            done.LastUpdatedAt,
            done.FailureDetails?.ErrorMessage.ReplaceLineEndings(" "),
            result?.Objects.Select(r => new RunLogObject(r.ObjectName, r.Outcome.ToString(), r.Windows, r.Records, r.Bytes, r.HighWaterMark, r.Message)).ToList() ?? []);
        string path = PathFor(statePath);
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (ReadAll(path).Any(e => e.InstanceId == entry.InstanceId && e.CreatedAt == entry.CreatedAt))
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.AppendAllTextAsync(path, JsonSerializer.Serialize(entry, RunLogJsonContext.Default.RunLogEntry) + "\n", Encoding.UTF8, cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The logged runs, newest first, at most <paramref name="max"/>.</summary>
    public static IReadOnlyList<RunLogEntry> Read(string statePath, int max)
        => ReadAll(PathFor(statePath)).OrderByDescending(e => e.CreatedAt).Take(max).ToList();

    private static List<RunLogEntry> ReadAll(string path)
    {
        var entries = new List<RunLogEntry>();
        if (!File.Exists(path))
        {
            return entries;
        }

        foreach (string line in File.ReadLines(path))
        {
            try
            {
                if (line.Length > 0 && JsonSerializer.Deserialize(line, RunLogJsonContext.Default.RunLogEntry) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                // A line cut by a crash mid-append: the runs before and after it are still shown.
            }
        }

        return entries;
    }

    private static T? Read<T>(string? json) where T : class
    {
        try
        {
            return string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, DurableJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
