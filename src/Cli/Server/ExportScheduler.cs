using Cronos;
using MarketoExport.Management.Plan;
using MarketoExport.Management.Runs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Cli.Server;

/// <summary>
/// Starts a run at every occurrence of <see cref="ServerOptions.Schedule"/> in
/// <see cref="ServerOptions.ScheduleTimeZone"/>, waiting on the injected <see cref="TimeProvider"/>. Same singleton
/// rule as the HTTP API: a tick while a run is in progress is skipped and logged.
/// </summary>
public sealed class ExportScheduler(
    ServerOptions options, ExportRunStarter starter, DurableTaskClient client, TimeProvider time, ILogger<ExportScheduler> logger) : BackgroundService
{
    private readonly object _sync = new();
    private readonly List<ScheduleTick> _ticks = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset? _waitingFor;

    /// <summary>The next due time, or null when scheduling is off or not started yet.</summary>
    public DateTimeOffset? NextDue { get; private set; }

    /// <summary>The due time the scheduler's timer is armed for right now (null between a tick and the next wait).</summary>
    public DateTimeOffset? WaitingFor
    {
        get
        {
            lock (_sync)
            {
                return _waitingFor;
            }
        }
    }

    /// <summary>Every tick so far, oldest first.</summary>
    public IReadOnlyList<ScheduleTick> Ticks
    {
        get
        {
            lock (_sync)
            {
                return _ticks.ToArray();
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking at every change of the scheduler's state.</summary>
    public async Task WaitForStateAsync(Func<ExportScheduler, bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (true)
        {
            Task changed;
            lock (_sync)
            {
                changed = _changed.Task;
            }

            if (condition(this))
            {
                return;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Schedule is not CronExpression cron)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset now = time.GetUtcNow();
            DateTimeOffset? next = cron.GetNextOccurrence(now, options.ScheduleTimeZone);
            if (next is not { } due)
            {
                return;
            }

            NextDue = due;
            Log.NextTick(logger, options.ScheduleText, options.ScheduleTimeZone.Id, due);

            // The timer exists before WaitingFor says so, so a fake clock advanced after that fires it.
            Task delay = Task.Delay(due - now, time, stoppingToken);
            Changed(() => _waitingFor = due);
            try
            {
                await delay;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Changed(() => _waitingFor = null);
            ScheduleTick tick = await TickAsync(due, stoppingToken);
            Changed(() => _ticks.Add(tick));
        }
    }

    private void Changed(Action change)
    {
        TaskCompletionSource previous;
        lock (_sync)
        {
            change();
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    private async Task<ScheduleTick> TickAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        try
        {
            StartRunResult result = await starter.StartAsync(client, request: null, PlanFieldNames.Cli, "schedule", cancellationToken);
            if (result.Outcome == StartRunOutcome.AlreadyRunning && result.Existing is { } running)
            {
                Log.TickSkipped(logger, due, running.InstanceId, running.RuntimeStatus.ToString(), running.CreatedAt);
            }

            return new ScheduleTick(due, result.Outcome);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A plan refused, Marketo unreachable while describing objects, etc.: log and wait for the next tick.
            Log.TickFailed(logger, due, ex.Message.ReplaceLineEndings(" "));
            return new ScheduleTick(due, null, ex.Message);
        }
    }
}
