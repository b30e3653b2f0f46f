using MarketoExport.Management.Plan;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace MarketoExport.Management.Runs;

/// <summary>
/// Starts the export run for every host (CLI, local server, schedule, Azure): plans it with
/// <see cref="ExportRunPlanner"/>, then schedules the singleton instance <see cref="ExportRuns.RunInstanceId"/> with
/// dedupe on Pending, Running and Suspended, so a second start while one is active starts nothing (and never
/// replaces the running instance).
/// </summary>
public sealed class ExportRunStarter(ExportRunPlanner planner, ExportPlanDefaults defaults, IEnumerable<IExportRunObserver> observers)
{
    /// <summary>The statuses in which an existing run blocks a new start.</summary>
    public static IReadOnlyList<OrchestrationRuntimeStatus> ActiveStatuses { get; } =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    /// <summary>The host's configured plan.</summary>
    public ExportPlanDefaults Defaults => defaults;

    /// <summary>Plans and starts a run unless one is active.</summary>
    /// <param name="client">The Durable Task client of the host.</param>
    /// <param name="request">The caller's overrides (null: the configured plan).</param>
    /// <param name="names">How the caller names the plan's inputs (for refusals).</param>
    /// <param name="trigger">Who asked ("http", "schedule", "cli"), for logs and telemetry.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="ExportPlanException">The request cannot be planned.</exception>
    public async Task<StartRunResult> StartAsync(
        DurableTaskClient client, ExportPlanRequest? request, PlanFieldNames names, string trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        string id = ExportRuns.RunInstanceId;
        if (await ActiveRunAsync(client, cancellationToken).ConfigureAwait(false) is { } active)
        {
            return new StartRunResult(StartRunOutcome.AlreadyRunning, id, Existing: active);
        }

        ExportPlan plan = planner.Plan(defaults, request, names);
        try
        {
            var options = new StartOrchestrationOptions(id).WithDedupeStatuses([.. ActiveStatuses]);
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(ExportRunOrchestrator), plan.Request, options, cancellationToken).ConfigureAwait(false);
        }
        catch (global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException)
        {
            // Another start won the race between the check above and this one.
            return new StartRunResult(StartRunOutcome.AlreadyRunning, id, Existing: await client.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false));
        }

        Notify(client, id, trigger);
        return new StartRunResult(StartRunOutcome.Started, id, plan);
    }

    /// <summary>Tells the observers that a run was (re)started by other means (restart, rewind).</summary>
    public void Notify(DurableTaskClient client, string instanceId, string trigger)
    {
        foreach (IExportRunObserver observer in observers)
        {
            observer.OnStarted(client, instanceId, trigger);
        }
    }

    /// <summary>The export run when it is Pending, Running or Suspended; otherwise null.</summary>
    public static async Task<OrchestrationMetadata?> ActiveRunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        OrchestrationMetadata? run = await client.GetInstanceAsync(ExportRuns.RunInstanceId, cancellationToken).ConfigureAwait(false);
        return run is not null && ActiveStatuses.Contains(run.RuntimeStatus) ? run : null;
    }
}
