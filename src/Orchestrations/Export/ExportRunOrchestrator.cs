using MarketoExport.Marketo.Errors;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// One export run: one <see cref="ObjectExportOrchestrator"/> per object, at most
/// <see cref="ExportSettings.MaxConcurrentObjects"/> (2) in flight, the next starting the moment one finishes.
/// Each object runs its windows strictly one after another, so the run never has more than 2 Marketo jobs in
/// flight. Output: one <see cref="ObjectExportResult"/> row per object with its landed files; custom status: the same
/// rows without the file lists (Durable Functions caps custom status at 16 KB). Fails (after alerting when Marketo is
/// unreachable or refuses the credentials) if any object failed.
/// </summary>
/// <remarks>
/// Rewind: a failed run is rewound from its first failure (the runtime re-runs the failed objects in place and
/// re-creates the objects it started after that failure; each object resumes from its checkpoint, so nothing is
/// exported twice). The orchestrator decides nothing from a child's failure but the alert, which is sent again if
/// the failure recurs.
/// </remarks>
public sealed class ExportRunOrchestrator : TaskOrchestrator<ExportRunRequest, ExportRunResult>
{
    /// <summary>The fixed instance id of an object's sub-orchestration within a run.</summary>
    public static string ChildInstanceId(string runInstanceId, ExportObject exportObject)
    {
        ArgumentNullException.ThrowIfNull(exportObject);
        return $"{runInstanceId}:{exportObject.Name}";
    }

    /// <inheritdoc />
    public override async Task<ExportRunResult> RunAsync(TaskOrchestrationContext context, ExportRunRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ILogger log = context.CreateReplaySafeLogger<ExportRunOrchestrator>();
        ExportSettings settings = input.Settings ?? new ExportSettings();
        IReadOnlyList<ExportObject> objects = input.Objects ?? [];
        if (objects.Count == 0)
        {
            throw new ExportFailedException("The run has no objects to export; set --objects (e.g. leads,activities).");
        }

        List<string> duplicates = objects.GroupBy(o => o.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new ExportFailedException($"Objects listed twice: {string.Join(", ", duplicates)}; list each object once.");
        }

        var rows = objects.Select(o => new ObjectExportResult(o.Name, ObjectExportOutcome.Pending)).ToArray();
        int maxInFlight = Math.Max(1, settings.MaxConcurrentObjects);

        // In-flight tasks in Lists (ordered, no hashing): WhenAny's winner is decided by history order on replay.
        var tasks = new List<Task<ObjectExportResult>>();
        var slots = new List<int>();
        int next = 0;
        bool alerted = false;
        while (next < objects.Count || tasks.Count > 0)
        {
            while (next < objects.Count && tasks.Count < maxInFlight)
            {
                ExportObject o = objects[next];
                tasks.Add(context.CallSubOrchestratorAsync<ObjectExportResult>(
                    nameof(ObjectExportOrchestrator),
                    new ObjectExportRequest(o, settings, input.Since, input.Until) { Backfill = input.Backfill },
                    new SubOrchestrationOptions { InstanceId = ChildInstanceId(context.InstanceId, o) }));
                slots.Add(next);
                rows[next] = rows[next] with { Outcome = ObjectExportOutcome.Running };
                next++;
            }

            context.SetCustomStatus(StatusOf(rows));
            Task<ObjectExportResult> done = await Task.WhenAny(tasks);
            int i = tasks.IndexOf(done);
            int slot = slots[i];
            tasks.RemoveAt(i);
            slots.RemoveAt(i);
            try
            {
                rows[slot] = await done;
            }
            catch (TaskFailedException ex)
            {
                string reason = OneLine(ex.FailureDetails, objects[slot].Name);
                Log.ObjectFailed(log, objects[slot].Name, reason);
                rows[slot] = new ObjectExportResult(objects[slot].Name, ObjectExportOutcome.Failed) { Message = reason };
                if (!alerted && MarketoFailures.NeedsAlert(ex.FailureDetails))
                {
                    alerted = true;
                    await SendAlertAsync(context, log, settings, $"{objects[slot].Name}: {reason}", [objects[slot].Name]);
                }
            }
        }

        var result = new ExportRunResult(rows);
        context.SetCustomStatus(StatusOf(rows));
        ObjectExportResult[] failed = rows.Where(r => r.Outcome == ObjectExportOutcome.Failed).ToArray();
        if (failed.Length > 0)
        {
            throw new ExportFailedException(string.Join("; ", failed.Select(f => $"{f.ObjectName}: {f.Message}")));
        }

        return result;
    }

    /// <summary>The rows without their file lists: custom status must stay small whatever the number of windows.</summary>
    private static ExportRunResult StatusOf(ObjectExportResult[] rows)
        => new(rows.Select(r => r.Files.Count == 0 ? r : r with { Files = [] }).ToArray());

    private static async Task SendAlertAsync(TaskOrchestrationContext context, ILogger log, ExportSettings settings, string reason, IReadOnlyList<string> objects)
    {
        try
        {
            var options = TaskOptions.FromRetryPolicy(new RetryPolicy(3, settings.ApiRetryFirstInterval, 2.0, settings.ApiRetryMaxInterval));
            await context.CallActivityAsync(ActivityNames.SendAlert, new AlertRequest(context.InstanceId, reason, objects, context.CurrentUtcDateTime), options);
        }
        catch (TaskFailedException ex)
        {
            Log.AlertFailed(log, MarketoFailures.Message(ex.FailureDetails));
        }
    }

    /// <summary>
    /// One line saying why an object failed: the cause named for the two failures users must act on, then the
    /// innermost message without the object's own name in front (the caller prefixes it once).
    /// </summary>
    private static string OneLine(TaskFailureDetails details, string objectName)
    {
        string kind = MarketoFailures.IsCausedBy<MarketoAuthenticationException>(details)
            ? "Marketo refused the credentials (check Marketo__ClientId / Marketo__ClientSecret and the API user's role): "
            : MarketoFailures.IsCausedBy<MarketoUnreachableException>(details)
                ? "Marketo could not be reached (check Marketo__BaseUrl and the network): "
                : string.Empty;
        string message = MarketoFailures.Message(details);
        string prefix = objectName + ": ";
        if (message.StartsWith(prefix, StringComparison.Ordinal))
        {
            message = message[prefix.Length..];
        }

        return (kind + message).ReplaceLineEndings(" ");
    }
}
